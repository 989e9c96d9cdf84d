// Debian's Chromium driven by playwright-core (which never downloads a browser here).
import { chromium } from "playwright-core";
import fs from "node:fs";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}; run scripts/setup (or set CHROMIUM)`);
  // playwright-core gives every launch a fresh temporary profile (--user-data-dir).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** A page that may load only from `base`; anything else is refused and recorded. */
export async function openPage(browser, base, outside) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  return page;
}
