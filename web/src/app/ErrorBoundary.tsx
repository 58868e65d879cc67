import { Component, type ComponentChildren } from "preact";
import { Alert } from "../ui/Alert";
import { Button } from "../ui/Button";

interface Props {
  children: ComponentChildren;
}

interface State {
  error: Error | null;
}

/** Keeps the app frame alive when a page throws while rendering. Re-keyed per route by the shell. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static override getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    console.error("Page crashed while rendering", error);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="page">
        <h1 className="visually-hidden" data-testid="page-title" tabIndex={-1}>
          Something went wrong
        </h1>
        <Alert
          tone="danger"
          title="This page failed to load"
          actions={<Button onClick={() => window.location.reload()}>Reload</Button>}
        >
          <p className="mono">{error.message}</p>
        </Alert>
      </div>
    );
  }
}
