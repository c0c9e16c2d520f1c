// Makes sure a Chromium exists before end-to-end tests: uses one that is there, or on an
// ordinary connected machine installs Playwright's own. CI installs Debian's chromium first.
import { execSync } from 'node:child_process';
import { findChromium } from './browser.mjs';

const found = findChromium();
if (found) {
  console.log(`Chromium: ${found}`);
} else {
  console.log('No Chromium found (CHROMIUM_PATH, /usr/bin/chromium): installing Playwright’s…');
  execSync('npx playwright install chromium', { stdio: 'inherit' });
  if (!findChromium()) {
    console.error('Still no Chromium. Set CHROMIUM_PATH or run: apt-get install -y chromium');
    process.exit(1);
  }
}
