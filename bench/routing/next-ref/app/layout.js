// Next requires a root layout; the reference app serves only the two route handlers.
// (No JSX: the bench builds this app from a cache folder that bundlers leave untransformed.)
import { createElement } from "react";

export default function RootLayout({ children }) {
  return createElement("html", { lang: "en" }, createElement("body", null, children));
}
