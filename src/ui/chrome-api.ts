/**
 * The few browser APIs the pages call directly, behind one seam so component tests can replace them with vi.mock.
 * Everything else goes through messages (src/shared/ui-client.ts).
 */
import { originPattern } from './host-access';

/** Opens the options page in a tab (allowed from the popup without a message: it changes no state). */
export function openOptionsPage(): void {
  void chrome.runtime.openOptionsPage();
}

/**
 * Asks the browser for access to a self-hosted API origin. Browsers only show the prompt while a user gesture is
 * active, so callers must call this synchronously from the click handler, before awaiting anything. This is the one
 * privileged call the options page makes itself: the background cannot ask, it has no user gesture.
 * The pattern is `originPattern`'s (the exact origin on Chrome, the host on Firefox).
 */
export function requestOriginAccess(origin: string): Promise<boolean> {
  return chrome.permissions.request({ origins: [originPattern(origin)] });
}

/** Puts text on the clipboard; false when the page may not (no focus, permission policy). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
