/** Keeps a failing panel from blanking the page: shows the error in place, keeps the rest working. */
import { Component, type ReactNode } from 'react';

interface Props {
  name: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="panel-error" role="alert">
          <strong>{this.props.name}出错</strong>（页面其余部分仍可使用；点 ↻ 重试，或重新加载页面）：{this.state.error.message}
          <button onClick={() => this.setState({ error: null })} title="重试 Retry">↻</button>
        </div>
      );
    }
    return this.props.children;
  }
}
