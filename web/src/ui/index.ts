export { Alert, type AlertProps, type AlertTone } from "./Alert";
export { Badge, type BadgeProps, type Tone } from "./Badge";
export {
  Button,
  type ButtonProps,
  type ButtonSize,
  type ButtonVariant,
  LinkButton,
  type LinkButtonProps,
} from "./Button";
export { Card, type CardProps } from "./Card";
export { Checkbox, type CheckboxProps } from "./Checkbox";
export { CodeBlock, type CodeBlockProps, copyText } from "./CodeBlock";
export { ConfirmHost, type ConfirmOptions, confirm } from "./confirm";
export { cx } from "./cx";
export { Dialog, type DialogProps } from "./Dialog";
export { Email } from "./Email";
export { EmptyState, type EmptyStateProps } from "./EmptyState";
export { Field, type FieldProps, useFieldControl } from "./Field";
export {
  Input,
  type InputProps,
  Select,
  type SelectOption,
  type SelectProps,
  Textarea,
  type TextareaProps,
} from "./Input";
export { JsonTree, type JsonTreeProps, TRUNCATION_MARKER, TruncatedText } from "./JsonTree";
export {
  Menu,
  MenuCheckboxItem,
  MenuGroup,
  MenuItem,
  type MenuItemProps,
  type MenuProps,
  MenuSeparator,
} from "./Menu";
export { PageHeader, type PageHeaderProps } from "./PageHeader";
export { SecretBlock, type SecretBlockProps } from "./SecretBlock";
export { Segmented, type SegmentedOption, type SegmentedProps } from "./Segmented";
export { Skeleton } from "./Skeleton";
export { Spinner, type SpinnerProps } from "./Spinner";
export { type Column, type SortDirection, type SortState, Table, type TableProps } from "./Table";
export { type TabItem, Tabs, type TabsProps } from "./Tabs";
export { ToastProvider } from "./Toaster";
export { TypeToConfirmDialog, type TypeToConfirmDialogProps } from "./TypeToConfirmDialog";
export { type ToastItem, type ToastOptions, type ToastTone, toast } from "./toast";
