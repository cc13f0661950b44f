// Opens hawtio 3 in headless Chromium as an operator would: connects to the hub's Jolokia with an admin
// key, opens the flyt-orders route and its Route Diagram, and saves screenshots. Fails when the diagram
// has no counters or when hawtio's Camel views were refused an operation.
// Usage: node browser-check.mjs <hawtio url> <hub port> <admin key> <output folder>
import puppeteer from 'puppeteer-core';

const [hawtio, hubPort, adminKey, out] = process.argv.slice(2);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const refused = [];

const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', headless: 'new',
  args: ['--no-sandbox', '--window-size=1400,1500']});
try {
  const page = await browser.newPage();
  await page.setViewport({width: 1400, height: 1500});
  page.on('response', r => {
    if (r.url().includes('/proxy/')) {
      r.text().then(t => { if (t.includes('forbidden')) refused.push(t.slice(0, 300)); }).catch(() => {});
    }
  });

  // the connection an operator adds under Connect → Remote
  await page.goto(`${hawtio}/hawtio/`, {waitUntil: 'domcontentloaded'});
  await page.evaluate(port => localStorage.setItem('connect.connections', JSON.stringify({orderhub: {
    id: 'orderhub', name: 'orderhub', scheme: 'http', host: '127.0.0.1', port: Number(port), path: '/observe/jolokia'}})),
  hubPort);
  await page.goto(`${hawtio}/hawtio/?con=orderhub`, {waitUntil: 'domcontentloaded'});
  await page.waitForSelector('#connect-login-form-username');
  await page.type('#connect-login-form-username', 'operator');
  await page.type('#connect-login-form-password', adminKey);
  const [login] = await page.$$('xpath/.//button[contains(., "Log in")]');
  await Promise.all([page.waitForNavigation({timeout: 20000}), login.click()]);
  await page.waitForSelector('xpath/.//*[normalize-space(text())="flyt-orders"]', {timeout: 20000});
  await sleep(1000);
  await page.screenshot({path: `${out}/hawtio-camel-routes.png`});

  // opens a route (its name, or the start of it) and its Route Diagram; a screenshot; back to the list.
  // hawtio labels the nodes by kind and expression (ids show in a node's details)
  async function diagramNodes(xpathTest, what, screenshot, settleMillis) {
    const [listed] = await page.$$(`xpath/.//*[${xpathTest}]`);
    if (!listed) {
      throw new Error(`${what} is not listed`);
    }
    await listed.click();
    const tab = await page.waitForSelector('xpath/.//*[@role="tab" or self::a or self::button][contains(., "Route Diagram")]', {timeout: 20000});
    await tab.click();
    await page.waitForSelector('.react-flow__node', {timeout: 20000});
    await sleep(settleMillis);
    await page.screenshot({path: `${out}/${screenshot}`});
    const nodes = await page.$$eval('.react-flow__node', els => els.map(e => e.innerText.replace(/\s+/g, ' ').trim()));
    console.log(`${what} diagram nodes: ${JSON.stringify(nodes)}`);
    await page.goBack();
    await page.goBack();
    await page.waitForSelector('xpath/.//*[normalize-space(text())="flyt-orders"]', {timeout: 20000});
    return nodes;
  }

  // the example poller's Kamelet route: its steps and the partner's own circuit breaker, with counters
  const kameletNodes = await diagramNodes('starts-with(normalize-space(text()), "orderhub-polled-partner")',
    'the poller Kamelet route orderhub-polled-partner-pollster', 'hawtio-poller-kamelet-diagram.png', 7000);
  if (!kameletNodes.some(n => n.includes('circuit-breaker') || n.includes('Circuit'))) {
    throw new Error('the poller Kamelet diagram shows no circuit breaker step');
  }

  // an export by e-mail: the run's named steps, from the changed orders to the SMTP send and the watermark
  const mailNodes = await diagramNodes('normalize-space(text())="order-mail-export"', 'the route order-mail-export',
    'hawtio-mail-export-diagram.png', 3000);
  if (!mailNodes.some(n => n.includes('To D')) || !mailNodes.some(n => n.includes('Choice')) || mailNodes.length < 10) {
    throw new Error('the mail export diagram does not show its steps (toD send, format choice)');
  }

  const [route] = await page.$$('xpath/.//*[normalize-space(text())="flyt-orders"]');
  await route.click();
  const diagramTab = await page.waitForSelector('xpath/.//*[@role="tab" or self::a or self::button][contains(., "Route Diagram")]', {timeout: 20000});
  await diagramTab.click();
  await page.waitForSelector('.react-flow__node', {timeout: 20000});
  await sleep(7000); // hawtio polls the statistics every 5 s
  await page.screenshot({path: `${out}/hawtio-flyt-orders-diagram.png`});

  const nodes = await page.$$eval('.react-flow__node', els => els.map(e => e.innerText.replace(/\s+/g, ' ').trim()));
  const counted = nodes.filter(n => /^\d+ Process/.test(n) && !/^0 /.test(n));
  console.log(`route diagram nodes: ${JSON.stringify(nodes)}`);
  // the route as XML, then the JVM's threads: both read-only, both must not be refused
  const [source] = await page.$$('xpath/.//*[@role="tab" or self::a or self::button][normalize-space(.)="Source"]');
  await source.click();
  await sleep(3000);
  await page.screenshot({path: `${out}/hawtio-flyt-orders-source.png`});
  await page.goto(`${hawtio}/hawtio/runtime/threads`, {waitUntil: 'domcontentloaded'});
  await sleep(6000);
  await page.screenshot({path: `${out}/hawtio-runtime-threads.png`});
  const threads = await page.$$eval('tbody tr', rows => rows.length);
  console.log(`threads listed: ${threads}`);
  if (threads < 5) {
    throw new Error(`expected the Threads view to list threads, found ${threads} rows`);
  }
  if (counted.length < 5) {
    throw new Error(`expected at least 5 steps with counters, found ${counted.length}`);
  }
  if (refused.length > 0) {
    throw new Error(`hawtio was refused operations it needs: ${refused.join('\n')}`);
  }
  console.log(`ok: ${counted.length} steps with counters; screenshots in ${out}`);
} finally {
  await browser.close();
}
