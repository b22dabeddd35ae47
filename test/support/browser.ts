import { mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

/**
 * The real Chromium the browser tests drive: Debian's `/usr/bin/chromium` (`apt-get install -y
 * chromium`; .ci/run installs it when missing) under playwright-core, which downloads no browser.
 * Screenshots go to test-artifacts/ (gitignored) for a human look.
 */

const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];
const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url);

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 900 } as const;

/** Launches the browser and makes sure the artifacts folder exists. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Where the screenshot called `name` (without `.png`) is saved. */
export function artifactPath(name: string): string {
  return new URL(`${name}.png`, ARTIFACTS).pathname;
}

/**
 * Collects what the page reports about its Content Security Policy: Chromium logs every blocked
 * inline script or style (and every blocked fetch) to the console. Attach before navigating.
 */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}
