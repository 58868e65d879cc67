import type { ComponentChildren, FunctionComponent } from "preact";

/** Inline stroke icons on a 24px grid. Decorative by default (aria-hidden). */
export interface IconProps {
  size?: number;
  className?: string;
  /** Give the icon an accessible name; omit when a visible label is next to it. */
  label?: string;
}

export type IconComponent = FunctionComponent<IconProps>;

function icon(children: ComponentChildren): IconComponent {
  return ({ size = 16, className, label }: IconProps) => (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.75"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden={label ? undefined : "true"}
      role={label ? "img" : undefined}
      aria-label={label}
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const IconOverview = icon(
  <>
    <rect x="3.5" y="3.5" width="7" height="7" rx="1.5" />
    <rect x="13.5" y="3.5" width="7" height="7" rx="1.5" />
    <rect x="3.5" y="13.5" width="7" height="7" rx="1.5" />
    <rect x="13.5" y="13.5" width="7" height="7" rx="1.5" />
  </>,
);
export const IconTraces = icon(<path d="M3.5 5.5h9M7.5 10.5h10M10.5 15.5h7M5.5 20.5h6M3.5 3v18" />);
export const IconSessions = icon(
  <path d="M4 6.5A2.5 2.5 0 0 1 6.5 4h11A2.5 2.5 0 0 1 20 6.5v7a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4H6.5A2.5 2.5 0 0 1 4 13.5Z M8 8.5h8M8 11.5h5" />,
);
export const IconDashboards = icon(<path d="M3.5 20.5h17M6.5 16.5v-5M11 16.5v-11M15.5 16.5v-7M20 16.5v-3" />);
export const IconDatasets = icon(
  <>
    <ellipse cx="12" cy="5.5" rx="7.5" ry="2.5" />
    <path d="M4.5 5.5v13c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5v-13M4.5 12c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5" />
  </>,
);
export const IconEvaluations = icon(
  <path d="M9 3.5h6M10 3.5v5.5L4.8 18.2A1.8 1.8 0 0 0 6.4 21h11.2a1.8 1.8 0 0 0 1.6-2.8L14 9V3.5M7.2 14.5h9.6" />,
);
export const IconPrompts = icon(
  <>
    <rect x="3" y="4" width="18" height="16" rx="2.5" />
    <path d="m7.5 9.5 3 2.5-3 2.5M13 15h3.5" />
  </>,
);
export const IconLabeling = icon(
  <>
    <path d="M3.5 4.9v6.3c0 .5.2 1 .6 1.4l7.6 7.6a2 2 0 0 0 2.8 0l5.6-5.6a2 2 0 0 0 0-2.8L12.5 4.1a2 2 0 0 0-1.4-.6H4.9c-.8 0-1.4.6-1.4 1.4Z" />
    <circle cx="8.5" cy="8.5" r="1.5" />
  </>,
);
export const IconMonitors = icon(
  <path d="M6 9.5a6 6 0 0 1 12 0c0 5 2 7 2.5 7.5h-17C4 16.5 6 14.5 6 9.5ZM10 20.5a2.2 2.2 0 0 0 4 0" />,
);
export const IconSettings = icon(
  <>
    <path d="M4 6.5h9M17 6.5h3M4 12h3M11 12h9M4 17.5h11M19 17.5h1" />
    <circle cx="15" cy="6.5" r="2" />
    <circle cx="9" cy="12" r="2" />
    <circle cx="17" cy="17.5" r="2" />
  </>,
);
export const IconSun = icon(
  <>
    <circle cx="12" cy="12" r="4" />
    <path d="M12 2.5v2M12 19.5v2M4.6 4.6 6 6M18 18l1.4 1.4M2.5 12h2M19.5 12h2M4.6 19.4 6 18M18 6l1.4-1.4" />
  </>,
);
export const IconMoon = icon(<path d="M20.5 14.2A8.5 8.5 0 1 1 9.8 3.5a6.8 6.8 0 0 0 10.7 10.7Z" />);
export const IconMenu = icon(<path d="M4 7h16M4 12h16M4 17h16" />);
export const IconClose = icon(<path d="M6 6l12 12M18 6 6 18" />);
export const IconChevronRight = icon(<path d="m9.5 6 6 6-6 6" />);
export const IconChevronDown = icon(<path d="m6 9.5 6 6 6-6" />);
export const IconSort = icon(<path d="m8 9.5 4-4 4 4M8 14.5l4 4 4-4" />);
export const IconArrowUp = icon(<path d="M12 19V5M6 11l6-6 6 6" />);
export const IconArrowDown = icon(<path d="M12 5v14M6 13l6 6 6-6" />);
export const IconCopy = icon(
  <>
    <rect x="8.5" y="8.5" width="12" height="12" rx="2" />
    <path d="M15.5 5.5v-.5a2 2 0 0 0-2-2h-8.5a2 2 0 0 0-2 2v8.5a2 2 0 0 0 2 2h.5" />
  </>,
);
export const IconCheck = icon(<path d="m5 12.5 4.5 4.5L19 7.5" />);
export const IconCheckCircle = icon(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="m8.5 12.2 2.4 2.4 4.8-4.8" />
  </>,
);
export const IconAlert = icon(
  <path d="M10.3 4.2 2.9 17.5A2 2 0 0 0 4.6 20.5h14.8a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0ZM12 9.5v4M12 17h.01" />,
);
export const IconInfo = icon(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5.5M12 7.5h.01" />
  </>,
);
export const IconRefresh = icon(
  <path d="M20 11.5A8 8 0 0 0 5.6 7M4 12.5A8 8 0 0 0 18.4 17M19.5 3.5V8H15M4.5 20.5V16H9" />,
);
export const IconPlus = icon(<path d="M12 5v14M5 12h14" />);
export const IconKey = icon(
  <>
    <circle cx="8" cy="15" r="4.5" />
    <path d="m11.2 11.8 8.3-8.3M16.5 6.5l2.5 2.5M14 9l2 2" />
  </>,
);
export const IconUsers = icon(
  <>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.7a3.5 3.5 0 0 1 0 6.6M18 14.2a6.5 6.5 0 0 1 3.5 5.8" />
  </>,
);
export const IconFolder = icon(
  <path d="M3.5 7A2.5 2.5 0 0 1 6 4.5h3.6l2 2.5H18A2.5 2.5 0 0 1 20.5 9.5v8A2.5 2.5 0 0 1 18 20H6a2.5 2.5 0 0 1-2.5-2.5Z" />,
);
export const IconAudit = icon(
  <>
    <rect x="4.5" y="3.5" width="15" height="17" rx="2" />
    <path d="M8.5 8h7M8.5 12h7M8.5 16h4" />
  </>,
);
export const IconSearch = icon(
  <>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m20 20-4.2-4.2" />
  </>,
);

export const IconLogout = icon(
  <path d="M14.5 4.5H18a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2h-3.5M10 16.5 5.5 12 10 7.5M5.5 12H15" />,
);
export const IconLock = icon(
  <>
    <rect x="4.5" y="10.5" width="15" height="10" rx="2" />
    <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" />
  </>,
);
export const IconTrash = icon(
  <path d="M4.5 6.5h15M9.5 6.5V4.5h5v2M6.5 6.5l.8 12.2a2 2 0 0 0 2 1.8h5.4a2 2 0 0 0 2-1.8l.8-12.2M10 10.5v6M14 10.5v6" />,
);
export const IconPencil = icon(<path d="M15.5 4.5l4 4L9 19H5v-4L15.5 4.5ZM13 7l4 4" />);
export const IconLink = icon(
  <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />,
);
export const IconBuilding = icon(
  <>
    <path d="M4.5 20.5v-15a2 2 0 0 1 2-2h7a2 2 0 0 1 2 2v15M15.5 9.5h2a2 2 0 0 1 2 2v9M3 20.5h18" />
    <path d="M8 7.5h4M8 11h4M8 14.5h4" />
  </>,
);
export const IconMail = icon(
  <>
    <rect x="3.5" y="5.5" width="17" height="13" rx="2" />
    <path d="m4 7 8 6 8-6" />
  </>,
);

/** The Sightline mark (also used as favicon). */
export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--color-accent)" />
      <path
        d="M6 16c2.6-4.7 6-7 10-7s7.4 2.3 10 7c-2.6 4.7-6 7-10 7s-7.4-2.3-10-7Z"
        fill="none"
        stroke="#fff"
        stroke-width="2.2"
        stroke-linejoin="round"
      />
      <circle cx="16" cy="16" r="3.2" fill="#fff" />
    </svg>
  );
}

/* Span types and trace views. */
export const IconSparkle = icon(
  <path d="M12 3.5c.6 3.9 2.6 5.9 6.5 6.5-3.9.6-5.9 2.6-6.5 6.5-.6-3.9-2.6-5.9-6.5-6.5 3.9-.6 5.9-2.6 6.5-6.5ZM18.5 15.5c.3 1.6 1 2.3 2.5 2.5-1.5.2-2.2.9-2.5 2.5-.3-1.6-1-2.3-2.5-2.5 1.5-.2 2.2-.9 2.5-2.5Z" />,
);
export const IconChat = icon(
  <path d="M20 11.5a7.5 7.5 0 0 1-11 6.6L4 19.5l1.4-4.4A7.5 7.5 0 1 1 20 11.5ZM8.5 11.5h.01M12 11.5h.01M15.5 11.5h.01" />,
);
export const IconWrench = icon(
  <path d="M14.7 6.3a4.5 4.5 0 0 0 5.6 5.6l.2-.1-2.2-2.2.4-2.2 2.2-.4-2.2-2.2A4.5 4.5 0 0 0 14.7 6.3ZM14.2 9.8 4.5 19.5" />,
);
export const IconFileSearch = icon(
  <>
    <path d="M13.5 3.5H7a2 2 0 0 0-2 2v13a2 2 0 0 0 2 2h4M13.5 3.5l5 5v2M13.5 3.5v5h5" />
    <circle cx="16" cy="16" r="3" />
    <path d="m18.2 18.2 2.3 2.3" />
  </>,
);
export const IconVector = icon(
  <>
    <circle cx="6" cy="18" r="2" />
    <circle cx="18" cy="6" r="2" />
    <circle cx="17" cy="17" r="1.5" />
    <path d="M7.5 16.5 16.5 7.5M7.8 18.5l7.7-1.2" />
  </>,
);
export const IconBot = icon(
  <>
    <rect x="4.5" y="8" width="15" height="11.5" rx="3" />
    <path d="M12 8V4.5M9.5 13h.01M14.5 13h.01M9.5 16.5h5M2.5 13v2.5M21.5 13v2.5" />
  </>,
);
export const IconShield = icon(
  <path d="M12 3.5 5 6v5.5c0 4.3 2.9 7.6 7 9 4.1-1.4 7-4.7 7-9V6l-7-2.5ZM9 12l2.2 2.2L15.5 10" />,
);
export const IconBraces = icon(
  <path d="M8 4.5H7A2 2 0 0 0 5 6.5v3.2a2.3 2.3 0 0 1-1.5 2.3A2.3 2.3 0 0 1 5 14.3v3.2a2 2 0 0 0 2 2h1M16 4.5h1a2 2 0 0 1 2 2v3.2a2.3 2.3 0 0 0 1.5 2.3 2.3 2.3 0 0 0-1.5 2.3v3.2a2 2 0 0 1-2 2h-1" />,
);
export const IconRanking = icon(<path d="M4 6.5h10M4 12h7M4 17.5h4M17.5 5v14M14.5 16l3 3 3-3" />);
export const IconCircle = icon(<circle cx="12" cy="12" r="4.5" />);
export const IconColumns = icon(
  <>
    <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
    <path d="M9.5 4.5v15M14.5 4.5v15" />
  </>,
);
export const IconFilter = icon(<path d="M4 5.5h16l-6.2 7.3v5.7l-3.6 1.8v-7.5Z" />);
export const IconUser = icon(
  <>
    <circle cx="12" cy="8" r="3.8" />
    <path d="M4.5 20.5a7.5 7.5 0 0 1 15 0" />
  </>,
);
export const IconClock = icon(
  <>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M12 7.5V12l3 2" />
  </>,
);
export const IconCoins = icon(
  <>
    <ellipse cx="9" cy="7" rx="5.5" ry="2.5" />
    <path d="M3.5 7v4c0 1.4 2.5 2.5 5.5 2.5M3.5 11v4c0 1.4 2.5 2.5 5.5 2.5" />
    <ellipse cx="15" cy="13.5" rx="5.5" ry="2.5" />
    <path d="M9.5 13.5v4c0 1.4 2.5 2.5 5.5 2.5s5.5-1.1 5.5-2.5v-4" />
  </>,
);
export const IconHash = icon(<path d="M9.5 3.5 7.5 20.5M16.5 3.5l-2 17M4 8.5h16.5M3.5 15.5H20" />);
export const IconLayers = icon(
  <path d="m12 3.5 8.5 4.5-8.5 4.5L3.5 8ZM3.5 12l8.5 4.5 8.5-4.5M3.5 16l8.5 4.5 8.5-4.5" />,
);

/* Feedback. */
export const IconThumbUp = icon(
  <path d="M7.5 10.5v9.5M7.5 10.5 11 3.8a1.9 1.9 0 0 1 3.5 1.3l-.8 4.4h4.6a2 2 0 0 1 2 2.4l-1.3 6.5a2 2 0 0 1-2 1.6H7.5M7.5 10.5h-3a1 1 0 0 0-1 1V19a1 1 0 0 0 1 1h3" />,
);
export const IconThumbDown = icon(
  <path d="M16.5 13.5V4M16.5 13.5 13 20.2a1.9 1.9 0 0 1-3.5-1.3l.8-4.4H5.7a2 2 0 0 1-2-2.4L5 5.6A2 2 0 0 1 7 4h9.5M16.5 13.5h3a1 1 0 0 0 1-1V5a1 1 0 0 0-1-1h-3" />,
);
export const IconHistory = icon(<path d="M3.5 12a8.5 8.5 0 1 0 2.5-6M3.5 4v4.5H8M12 7.5V12l3 2" />);
