import type { ThemeChoice } from "./preferences";

export const DARK_QUERY = "(prefers-color-scheme: dark)";

/** Whether the page is dark for this choice, given whether the system asks for dark. */
export function isDark(choice: ThemeChoice, systemDark: boolean): boolean {
  return choice === "dark" || (choice === "system" && systemDark);
}

/**
 * The inline script, run in <head> before the body paints, that puts `dark` on <html> for the
 * remembered choice; only the browser knows the system setting, so the server cannot.
 */
export function themeBootScript(choice: ThemeChoice): string {
  return `(function(c){try{var d=c==="dark"||(c==="system"&&window.matchMedia(${JSON.stringify(DARK_QUERY)}).matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})(${JSON.stringify(choice)})`;
}
