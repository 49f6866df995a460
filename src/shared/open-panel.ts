/**
 * Opens the memories side panel (Chrome: sidePanel, Firefox: sidebarAction). Must be called synchronously inside a
 * user gesture (a command, a click): both browsers refuse to open it otherwise, so nothing may be awaited first.
 */
type PanelApis = {
  sidePanel?: { open(options: { tabId?: number; windowId?: number }): Promise<void> };
  sidebarAction?: { open(): Promise<void> };
};

/** chrome.windows.WINDOW_ID_CURRENT: the window of the page that asks. */
export const WINDOW_ID_CURRENT = -2;

export function openPanel(tabId?: number, windowId?: number): void {
  const apis = globalThis as { chrome?: PanelApis; browser?: PanelApis };
  const sidebar = apis.browser?.sidebarAction;
  if (sidebar) {
    void sidebar.open().catch(() => undefined);
    return;
  }
  const sidePanel = apis.chrome?.sidePanel;
  if (!sidePanel) return;
  const target = tabId !== undefined ? { tabId } : windowId !== undefined ? { windowId } : null;
  if (target) void sidePanel.open(target).catch(() => undefined);
}
