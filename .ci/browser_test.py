#!/usr/bin/env python3
"""A real-browser test of `roiledger serve`: headless Chromium driven by Selenium walks the
dashboard as a user does and checks its figures against the command line on the same ledger.

    python3 .ci/browser_test.py --url http://127.0.0.1:PORT/ --roiledger PATH_TO_BINARY \
        --db LEDGER.sqlite --screenshots DIR

The server must be running with --public-read on LEDGER.sqlite. Needs Debian's `chromium` and
`chromium-driver` and `python3 -m pip install selenium`. Prints one line per check (`ok: ...`,
`FAIL: ...`, and `note: ...` for what is informative only); exits 1 on any failure.

Steps: (1) the summary's tiles and `roi.by_channel` table against `report --view roi`;
(2) channel -> campaign -> deals -> one deal's explanation by clicking links, against `explain`;
(3) the filter form with model=first_touch against `report --model first_touch --view roi`;
(4) the first Tab from the body lands on a skip link or the nav; (5) a screenshot per page.
"""

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal, ROUND_HALF_EVEN
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

WAIT_SECONDS = 20
COMMAND_TIMEOUT_SECONDS = 600

# The summary's channel table. The spec names it `roi.by_channel`; the report JSON calls its main
# ROI table `roi`. The page may use either; the JSON table is then picked by the page's key.
ROI_TABLE_KEYS = ("roi.by_channel", "roi")
TOTAL_GROUP = "total"

# Filter form fields that change the numbers, and the command line option each one is.
FILTER_OPTIONS = {"from": "--from", "to": "--to", "period": "--period", "as_of": "--as-of",
                  "rules": "--rules", "level": "--level", "model": "--model"}


# ---------------------------------------------------------------------------------------------
# Formatting, as the page's table format prints it (small and self-checked below).

def money_text(amount):
    """An exact decimal amount (the JSON's string, up to 4 decimals) as the pages print it:
    dollars, thousands separators, 2 decimals rounded half-even; `-1.00`; None -> `n/a`."""
    if amount is None:
        return "n/a"
    cents = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return ("-" if cents < 0 else "") + "{:,.2f}".format(abs(cents))


MONEY_PATTERN = re.compile(r"^(-?)(\d{1,3}(?:,\d{3})*)\.(\d{2})$")


def parse_money_text(text):
    """`1,234.56` / `-1.00` -> Decimal; anything else -> None."""
    match = MONEY_PATTERN.match(normalize_text(text))
    if not match:
        return None
    value = Decimal(match.group(2).replace(",", "") + "." + match.group(3))
    return -value if match.group(1) else value


PERCENT_PATTERN = re.compile(r"^(-?\d{1,3}(?:,?\d{3})*\.\d)%$")


def parse_percent_text(text):
    """`57.4%` -> Decimal("0.574"); anything else -> None."""
    match = PERCENT_PATTERN.match(normalize_text(text))
    return Decimal(match.group(1).replace(",", "")) / 100 if match else None


def percent_matches(text, ratio):
    """The page prints a ratio to tenths of a percent from the exact ratio, the JSON to 4
    decimals: they agree when they differ by at most the two roundings (0.05% + 0.00005)."""
    shown = parse_percent_text(text)
    if ratio is None:
        return normalize_text(text) == "n/a"
    return shown is not None and abs(shown - Decimal(ratio)) <= Decimal("0.00055")


def normalize_text(text):
    """Cell text without surrounding space; a typographic minus or no-break space read plainly."""
    return (text or "").replace("\u2212", "-").replace("\u00a0", " ").strip()


assert money_text("12345.6750") == "12,345.68"
assert money_text("12345.665") == "12,345.66"      # half-even: to the even cent
assert money_text("0.005") == "0.00" and money_text("0.015") == "0.02"
assert money_text("-1") == "-1.00" and money_text("-0.004") == "0.00"
assert money_text("1234567.8") == "1,234,567.80" and money_text("0") == "0.00"
assert money_text(None) == "n/a"
assert parse_money_text("12,345.68") == Decimal("12345.68")
assert parse_money_text(" -1.00 ") == Decimal("-1.00") and parse_money_text("\u22121.00") == Decimal("-1")
assert parse_money_text("1,2345.00") is None and parse_money_text("$12.00") is None
assert parse_percent_text("57.4%") == Decimal("0.574") and parse_percent_text("-100.0%") == Decimal("-1")
assert percent_matches("136.1%", "1.3613") and percent_matches("12.4%", "0.1235")
assert not percent_matches("136.2%", "1.3613") and percent_matches("n/a", None)


# ---------------------------------------------------------------------------------------------
# Reading the command line's JSON (small and self-checked below).

def report_table(report, view, key):
    """The table `key` of `report[view]["tables"]`; KeyError naming the keys there are."""
    tables = (report.get(view) or {}).get("tables") or []
    for table in tables:
        if table.get("key") == key:
            return table
    raise KeyError("no table %r in the report's %r view (it has: %s)"
                   % (key, view, ", ".join(t.get("key", "?") for t in tables) or "none"))


def group_path(row):
    """A row's group as the page's data-group writes it: its path joined by ' / '."""
    return " / ".join(row["path"]) if row.get("path") else row["group"]


def rows_by_group(table):
    """{data-group: row} for a report table's rows, its total row under TOTAL_GROUP."""
    rows = {group_path(row): row for row in table.get("rows", [])}
    if table.get("total") is not None:
        rows.setdefault(TOTAL_GROUP, table["total"])
    return rows


def explain_total_credit(explanation):
    """The sum of the credit the explained deal gave its touches (a touch without credit: 0)."""
    return sum((Decimal(t["credit"]) for t in explanation.get("touches", []) if t.get("credit") is not None),
               Decimal(0))


_SAMPLE_REPORT = {"roi": {"model": "w_shaped", "tables": [
    {"key": "roi.deals", "columns": ["won"], "rows": [], "total": {"group": "total", "won": 0}},
    {"key": "roi", "columns": ["cost", "pipeline"],
     "rows": [{"group": "email", "cost": "7116.05", "pipeline": "138726.2755"},
              {"group": "brand", "path": ["paid_search", "brand"], "cost": "1", "pipeline": "0"}],
     "total": {"group": "total", "cost": "7117.05", "pipeline": "138726.2755"}}]}}
assert report_table(_SAMPLE_REPORT, "roi", "roi")["columns"] == ["cost", "pipeline"]
assert sorted(rows_by_group(report_table(_SAMPLE_REPORT, "roi", "roi"))) == ["email", "paid_search / brand", "total"]
assert money_text(rows_by_group(report_table(_SAMPLE_REPORT, "roi", "roi"))["email"]["pipeline"]) == "138,726.28"
try:
    report_table(_SAMPLE_REPORT, "roi", "roi.by_channel")
    raise AssertionError("report_table found a table that is not there")
except KeyError as error:
    assert "roi.deals, roi" in str(error)
assert explain_total_credit({"touches": [{"credit": "11364.6"}, {"credit": None}, {"credit": "0.4"}]}) == Decimal("11365.0")
assert explain_total_credit({"touches": []}) == 0


# ---------------------------------------------------------------------------------------------
# Checks and the command line.

class Checks:
    def __init__(self):
        self.failures = 0
        self.passed = 0

    def ok(self, message):
        self.passed += 1
        print("ok: " + message, flush=True)

    def fail(self, message):
        self.failures += 1
        print("FAIL: " + message, flush=True)

    def note(self, message):
        print("note: " + message, flush=True)

    def check(self, condition, message, failure):
        (self.ok(message) if condition else self.fail(failure))
        return condition


class CommandFailed(Exception):
    pass


def run_json(binary, arguments):
    """Run the command line, parse its standard output as JSON."""
    command = [binary] + arguments
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CommandFailed("`%s` did not run: %s" % (" ".join(command), error))
    if done.returncode != 0:
        raise CommandFailed("`%s` exited %d: %s" % (" ".join(command), done.returncode, done.stderr.strip()[:500]))
    try:
        return json.loads(done.stdout)
    except ValueError as error:
        raise CommandFailed("`%s` printed no JSON: %s" % (" ".join(command), error))


def filter_arguments(filters, model=None):
    """Command line options for the filters a page shows (a named period only without from/to)."""
    arguments = []
    for name, option in FILTER_OPTIONS.items():
        value = model if (name == "model" and model) else filters.get(name, "")
        if name == "period" and (filters.get("from") or filters.get("to")):
            continue
        if value:
            arguments += [option, value]
    return arguments


assert filter_arguments({"from": "2026-01-01", "to": "2026-03-31", "period": "2026-Q1", "model": ""}) == \
    ["--from", "2026-01-01", "--to", "2026-03-31"]
assert filter_arguments({"period": "2026", "model": "linear"}, model="first_touch") == \
    ["--period", "2026", "--model", "first_touch"]


# ---------------------------------------------------------------------------------------------
# The browser.

def selenium_modules():
    try:
        from selenium import webdriver
        from selenium.common.exceptions import TimeoutException, WebDriverException
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import Select, WebDriverWait
    except ImportError:
        sys.exit("browser_test: selenium is missing (python3 -m pip install selenium)")
    return dict(webdriver=webdriver, TimeoutException=TimeoutException, WebDriverException=WebDriverException,
                Service=Service, ActionChains=ActionChains, By=By, Keys=Keys, EC=expected_conditions,
                Select=Select, WebDriverWait=WebDriverWait)


S = None  # the selenium modules, once main() has imported them


def start_browser(chromium, chromedriver):
    options = S["webdriver"].ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800",
                     "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.binary_location = chromium
    # An explicit driver path: Selenium Manager never runs (and never downloads anything).
    return S["webdriver"].Chrome(service=S["Service"](executable_path=chromedriver), options=options)


class Page:
    """Waiting and reading on the current page, with failures that say where they happened."""

    def __init__(self, driver, name):
        self.driver = driver
        self.name = name

    def wait(self, condition, what):
        try:
            return S["WebDriverWait"](self.driver, WAIT_SECONDS).until(condition)
        except S["TimeoutException"]:
            raise PageProblem("%s page: %s not found within %d s (%s)" % (self.name, what, WAIT_SECONDS, self.describe()))

    def element(self, css, what=None):
        return self.wait(S["EC"].presence_of_element_located((S["By"].CSS_SELECTOR, css)), what or "`%s`" % css)

    def any_element(self, selectors, what):
        def found(driver):
            for css in selectors:
                elements = driver.find_elements(S["By"].CSS_SELECTOR, css)
                if elements:
                    return elements[0]
            return False
        return self.wait(found, what)

    def describe(self):
        try:
            body = self.driver.find_element(S["By"].TAG_NAME, "body").text
        except S["WebDriverException"]:
            body = ""
        return "at %s, title %r, text %r" % (self.driver.current_url, self.driver.title,
                                             " ".join(body.split())[:200])

    def path(self):
        return unquote(urlsplit(self.driver.current_url).path)

    def query(self):
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.driver.current_url).query, keep_blank_values=True).items()}


class PageProblem(Exception):
    pass


def open_page(driver, url, name, ready_css):
    driver.get(url)
    page = Page(driver, name)
    page.element(ready_css)
    return page


def click_and_wait(page, link, name, path_test, ready_css, what):
    """Click a link, wait for the old page to go and the new one (its path and `ready_css`)."""
    old_html = page.driver.find_element(S["By"].TAG_NAME, "html")
    href = link.get_attribute("href")
    link.click()
    page.wait(S["EC"].staleness_of(old_html), "a new page after clicking %s (%s)" % (what, href))
    new_page = Page(page.driver, name)
    new_page.wait(lambda d: path_test(unquote(urlsplit(d.current_url).path)), "the expected URL path after clicking %s" % what)
    new_page.element(ready_css)
    return new_page


def screenshot(driver, directory, name, checks):
    """The whole page (beyond the 1280x800 viewport), else the viewport."""
    path = os.path.join(directory, name)
    try:
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width, height = max(1, int(size["width"])), max(1, min(int(size["height"]), 16000))
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        with open(path, "wb") as file:
            file.write(base64.b64decode(shot["data"]))
    except Exception:  # noqa: BLE001 - any trouble with the DevTools call: the plain screenshot
        driver.save_screenshot(path)
    checks.check(os.path.getsize(path) > 0, "screenshot %s" % name, "screenshot %s is empty" % name)


def failure_screenshot(driver, directory, step, checks):
    name = "failed-step-%s.png" % step.split(" ")[0]
    try:
        driver.save_screenshot(os.path.join(directory, name))
        checks.note("the page at the failure: %s (%s)" % (os.path.join(directory, name), driver.current_url))
    except Exception:  # noqa: BLE001 - a failure's screenshot is a courtesy
        pass


def form_filters(page):
    """{name: value} of the filter form's fields (`form.filters`), a multiple select's values
    joined by commas; '' for an empty field."""
    form = page.element("form.filters", "the filter form `form.filters`")
    filters = {}
    for field in form.find_elements(S["By"].CSS_SELECTOR, "[name]"):
        name = field.get_attribute("name")
        tag = field.tag_name.lower()
        if tag == "select":
            value = ",".join(o.get_attribute("value") for o in S["Select"](field).all_selected_options)
        elif tag == "input" and (field.get_attribute("type") or "").lower() in ("checkbox", "radio"):
            value = field.get_attribute("value") if field.is_selected() else ""
        elif tag in ("input", "textarea"):
            value = field.get_property("value") or ""
        else:
            continue
        if value:
            filters[name] = ",".join(v for v in (filters.get(name, ""), value) if v)
        else:
            filters.setdefault(name, "")
    return filters


def table_rows(table):
    """[(data-group, tr)] of a table's rows."""
    return [(tr.get_attribute("data-group"), tr) for tr in table.find_elements(S["By"].CSS_SELECTOR, "tr[data-group]")]


def cell_text(tr, column):
    cells = tr.find_elements(S["By"].CSS_SELECTOR, 'td[data-column="%s"]' % column)
    return normalize_text(cells[0].text) if cells else None


def find_roi_table(page):
    table = page.any_element(['table[data-table="%s"]' % key for key in ROI_TABLE_KEYS],
                             "the channel table `table[data-table=\"roi.by_channel\"]`")
    return table, table.get_attribute("data-table")


def json_roi_table(report, page_key, checks, page_name):
    try:
        return report_table(report, "roi", page_key)
    except KeyError:
        checks.note("%s: the report JSON has no ROI table %r; comparing with its main ROI table %r"
                    % (page_name, page_key, "roi"))
        return report_table(report, "roi", "roi")


def compare_roi_table(checks, page_name, table, page_key, json_table, columns):
    """Every page row's `columns` cells against the command line's rows (same groups both ways)."""
    expected = rows_by_group(json_table)
    shown = table_rows(table)
    label = '%s page, table "%s"' % (page_name, page_key)
    if not checks.check(bool(shown), "%s has %d rows" % (label, len(shown)), "%s has no `tr[data-group]` rows" % label):
        return
    shown_groups = [group for group, _ in shown]
    missing = [group for group in expected if group != TOTAL_GROUP and group not in shown_groups]
    extra = [group for group in shown_groups if group not in expected]
    checks.check(not missing and not extra, "%s shows the command line's groups (%d)" % (label, len(expected) - 1),
                 "%s: groups differ from the command line's; missing rows %s, unexpected rows %s"
                 % (label, missing or "none", extra or "none"))
    bad = 0
    for group, tr in shown:
        if group not in expected:
            continue
        for column in columns:
            want = money_text(expected[group].get(column))
            got = cell_text(tr, column)
            if got != want:
                bad += 1
                checks.fail('%s, row "%s", column "%s": page shows %r, command line gives %s (%r)'
                            % (label, group, column, got, want, expected[group].get(column)))
    if not bad:
        checks.ok("%s: %s of every row equal the command line's" % (label, " and ".join(columns)))


# ---------------------------------------------------------------------------------------------
# The steps.

def check_summary(driver, args, checks):
    """Step 1. Returns (filters, report, channel rows) for the next steps."""
    page = open_page(driver, args.url, "summary", "body")
    table, key = find_roi_table(page)
    screenshot(driver, args.screenshots, "summary.png", checks)
    filters = form_filters(page)
    window = "from %r to %r" % (filters.get("from", ""), filters.get("to", ""))
    checks.check(bool(filters.get("from") and filters.get("to")) or bool(filters.get("period")),
                 "summary page: filter form shows the window %s" % window,
                 "summary page: filter form `form.filters` has no window (inputs from/to: %s)" % window)
    report = run_json(args.roiledger, ["report", "--db", args.db, "--view", "roi", "--format", "json"]
                      + filter_arguments(filters))
    shown_model = filters.get("model", "")
    if shown_model:
        checks.check(shown_model == report["roi"]["model"],
                     "summary page: filter form's model %r is the report's" % shown_model,
                     "summary page: filter form's model is %r, the command line's report uses %r"
                     % (shown_model, report["roi"]["model"]))
    json_table = json_roi_table(report, key, checks, "summary")
    total = json_table["total"]
    for figure, column in (("spend", "cost"), ("pipeline", "pipeline"), ("revenue", "revenue"), ("roi", "roi")):
        tiles = driver.find_elements(S["By"].CSS_SELECTOR, '[data-figure="%s"] .value' % figure)
        if not tiles:
            checks.fail('summary page: no tile `div.tile[data-figure="%s"]` with a `span.value`' % figure)
            continue
        text = normalize_text(tiles[0].text)
        if figure == "roi":
            good, want = percent_matches(text, total.get(column)), "%s as a percentage" % total.get(column)
        else:
            want = money_text(total.get(column))
            good = text == want
        checks.check(good, 'summary page: tile "%s" shows %s (command line total %s: %s)' % (figure, text, column, want),
                     'summary page: tile "%s" shows %r, command line total "%s" gives %s' % (figure, text, column, want))
    compare_roi_table(checks, "summary", table, key, json_table, ("cost", "pipeline"))
    return filters, key, json_table


def is_pseudo_group(name):
    return name.startswith("(") and name.endswith(")")


def links_in_rows(table, path_test, query_key=None):
    """[(data-group, raw href, tr)] of the rows' first links whose path passes `path_test`
    (and whose query has `query_key`), in page order."""
    found = []
    for group, tr in table_rows(table):
        for link in tr.find_elements(S["By"].CSS_SELECTOR, "a[href]"):
            parts = urlsplit(link.get_attribute("href"))
            if path_test(unquote(parts.path)) and (query_key is None or query_key in parse_qs(parts.query, keep_blank_values=True)):
                found.append((group, link.get_dom_attribute("href"), tr))
                break
    return found


def link_by_href(page, scope_css, raw_href):
    escaped = raw_href.replace("\\", "\\\\").replace('"', '\\"')
    return page.element('%s a[href="%s"]' % (scope_css, escaped), "the link to %s" % raw_href)


def check_window_kept(checks, page, summary_filters):
    """Pages with a filter form keep the summary's window."""
    if not page.driver.find_elements(S["By"].CSS_SELECTOR, "form.filters"):
        checks.note("%s page has no filter form; window not compared" % page.name)
        return
    filters = form_filters(page)
    pairs = [(name, summary_filters.get(name, ""), filters.get(name, "")) for name in ("from", "to")]
    checks.check(all(a == b for _, a, b in pairs), "%s page keeps the summary's window" % page.name,
                 "%s page: window %s, the summary's was %s" % (page.name, {n: b for n, _, b in pairs}, {n: a for n, a, _ in pairs}))


def walk_to_a_deal(driver, args, checks, summary_filters, roi_key, json_table):
    """Step 2: summary -> channel -> campaign -> deals -> deal, by clicking. The first channel
    (then campaign) whose row leads on to a deal; every page reached is checked."""
    pipeline = {group: Decimal(row.get("pipeline") or 0) for group, row in rows_by_group(json_table).items()}
    summary = open_page(driver, args.url, "summary", "body")
    table, _ = find_roi_table(summary)
    channel_links = [(group, href) for group, href, _ in links_in_rows(table, lambda p: p.startswith("/channels/"))]
    if not checks.check(bool(channel_links), 'summary page, table "%s": %d channel links' % (roi_key, len(channel_links)),
                        'summary page, table "%s": no row has a link to /channels/{channel}' % roi_key):
        return
    # Channels with pipeline first (else there is no deal behind them), real channels before "(unmapped)".
    candidates = sorted(channel_links, key=lambda gl: (pipeline.get(gl[0], Decimal(0)) <= 0, is_pseudo_group(gl[0])))
    tried = []
    for channel, channel_href in candidates[:4]:
        if tried:
            summary = open_page(driver, args.url, "summary", 'table[data-table="%s"]' % roi_key)
        tried.append(channel)
        link = link_by_href(summary, 'table[data-table="%s"] tr[data-group]' % roi_key, channel_href)
        page = click_and_wait(summary, link, "channel", lambda p: p.startswith("/channels/"), "table[data-table]",
                              'the "%s" channel link' % channel)
        screenshot(driver, args.screenshots, "channel.png", checks)
        url_channel = page.path()[len("/channels/"):]
        checks.check(url_channel == channel, "channel page: URL path /channels/%s names the clicked row's channel" % url_channel,
                     'channel page: URL path is %s, the clicked row was "%s"' % (page.path(), channel))
        check_window_kept(checks, page, summary_filters)
        if walk_campaigns(driver, args, checks, page, channel, summary_filters):
            return
    checks.fail("summary -> channel -> campaign -> deal: no deal link reached through channels %s" % tried)


def walk_campaigns(driver, args, checks, channel_page, channel, summary_filters):
    tables = driver.find_elements(S["By"].CSS_SELECTOR, "table[data-table]")
    campaign_links = []
    for table in tables:
        for group, href, tr in links_in_rows(table, lambda p: p == "/deals", "campaign"):
            pipeline = cell_text(tr, "pipeline")
            campaign_links.append((table.get_attribute("data-table"), group, href,
                                   parse_money_text(pipeline) if pipeline is not None else None))
    if not campaign_links:
        checks.note('channel page "%s": no campaign row links to /deals?channel=&campaign= (tables: %s); trying the next channel'
                    % (channel, [t.get_attribute("data-table") for t in tables]))
        return False
    checks.ok('channel page "%s": %d campaign links in table "%s"' % (channel, len(campaign_links), campaign_links[0][0]))
    campaign_links.sort(key=lambda c: (c[3] is not None and c[3] == 0, is_pseudo_group(c[1].split(" / ")[-1])))
    channel_url = driver.current_url
    for index, (key, group, href, _) in enumerate(campaign_links[:3]):
        if index:
            channel_page = open_page(driver, channel_url, "channel", "table[data-table]")
        link = link_by_href(channel_page, 'table[data-table="%s"] tr[data-group]' % key, href)
        page = click_and_wait(channel_page, link, "deals", lambda p: p == "/deals", 'table[data-table="deals"]',
                              'the "%s" campaign link' % group)
        screenshot(driver, args.screenshots, "deals.png", checks)
        query = page.query()
        campaign = group.split(" / ")[-1]
        checks.check(query.get("channel") == channel, "deals page: URL carries channel=%s" % channel,
                     'deals page: URL %s carries channel=%r, the channel page was "%s"' % (driver.current_url, query.get("channel"), channel))
        if is_pseudo_group(campaign):
            checks.check("campaign" in query, "deals page: URL carries campaign=%s" % query.get("campaign"),
                         "deals page: URL %s has no campaign parameter" % driver.current_url)
        else:
            checks.check(query.get("campaign") == campaign, "deals page: URL carries campaign=%s" % campaign,
                         'deals page: URL %s carries campaign=%r, the clicked row was "%s"' % (driver.current_url, query.get("campaign"), group))
        check_window_kept(checks, page, summary_filters)
        deals_table = page.element('table[data-table="deals"]')
        deal_links = links_in_rows(deals_table, lambda p: p.startswith("/deals/"))
        if not deal_links:
            checks.note('deals page (channel "%s", campaign "%s"): table "deals" has no deal link; trying the next campaign'
                        % (channel, group))
            continue
        checks.ok('deals page, table "deals": %d deal links' % len(deal_links))
        deal_group, deal_href, _ = deal_links[0]
        link = link_by_href(page, 'table[data-table="deals"] tr[data-group]', deal_href)
        deal_page = click_and_wait(page, link, "deal", lambda p: p.startswith("/deals/"),
                                   'table[data-table="explain.touches"]', 'the deal link of row "%s"' % deal_group)
        screenshot(driver, args.screenshots, "deal.png", checks)
        check_deal(driver, args, checks, deal_page, deal_group)
        return True
    return False


def check_deal(driver, args, checks, page, deal_group):
    deal_id = page.path()[len("/deals/"):]
    checks.check(bool(deal_id) and "/" not in deal_id, "deal page: URL path /deals/%s" % deal_id,
                 "deal page: URL path %s does not name one deal" % page.path())
    if deal_group != deal_id:
        checks.note('deal page: id %r; the clicked deals row was "%s"' % (deal_id, deal_group))
    query = page.query()
    filters = form_filters(page) if driver.find_elements(S["By"].CSS_SELECTOR, "form.filters") else query
    arguments = ["explain", "opportunity", deal_id, "--db", args.db, "--format", "json"] + filter_arguments(filters)
    if query.get("view") in ("pipeline", "revenue"):
        arguments += ["--view", query["view"]]
    try:
        explanation = run_json(args.roiledger, arguments)
    except CommandFailed as error:
        checks.fail("deal page: the command line does not explain deal %r from the URL: %s" % (deal_id, error))
        return
    checks.check(explanation.get("opportunity") == deal_id,
                 "deal page: deal %s in the URL is the one `explain` explains" % deal_id,
                 "deal page: URL names deal %r, `explain` explains %r" % (deal_id, explanation.get("opportunity")))
    table = page.element('table[data-table="explain.touches"]')
    rows = [(group, tr) for group, tr in table_rows(table) if group != TOTAL_GROUP]
    touches = explanation.get("touches", [])
    label = 'deal page %s, table "explain.touches"' % deal_id
    checks.check(len(rows) == len(touches), "%s: %d touch rows, as `explain`" % (label, len(rows)),
                 "%s: %d touch rows, `explain` lists %d touches" % (label, len(rows), len(touches)))
    by_id = {t.get("id"): t for t in touches}
    if rows and all(group in by_id for group, _ in rows):
        wrong = [(g, cell_text(tr, "credit"), money_text(by_id[g].get("credit"))) for g, tr in rows
                 if cell_text(tr, "credit") != money_text(by_id[g].get("credit"))]
        checks.check(not wrong, "%s: each touch's credit equals `explain`'s" % label,
                     "%s: credit differs from `explain` (row, page, command line): %s" % (label, wrong[:5]))
    want = explain_total_credit(explanation)
    total_text, source = page_total_credit(driver, table)
    if total_text is not None:
        checks.check(total_text == money_text(want), "%s: total credit %s (%s) equals `explain`'s" % (label, total_text, source),
                     "%s: total credit (%s) shows %r, `explain`'s touches sum to %s" % (label, source, total_text, money_text(want)))
    else:
        shown = [parse_money_text(cell_text(tr, "credit")) for _, tr in rows]
        if None in shown or not shown:
            checks.fail('%s: no total credit (a `tr[data-group="total"]`/`tfoot` cell `td[data-column="credit"]` '
                        'or a tile `data-figure="credit"`) and the rows\' credit cells are not all money' % label)
            return
        total = sum(shown, Decimal(0))
        # Each row is rounded to the cent: the sum may drift by half a cent a row.
        checks.check(abs(total - want) <= Decimal("0.005") * len(shown) + Decimal("0.005"),
                     "%s: the rows' credit sums to %s, `explain`'s to %s" % (label, money_text(total), money_text(want)),
                     "%s: the rows' credit sums to %s, `explain`'s touches to %s" % (label, money_text(total), money_text(want)))


def page_total_credit(driver, table):
    """(text, where) of the explanation page's total credit, or (None, None)."""
    for css, where in (('tr[data-group="total"] td[data-column="credit"]', 'row "total"'),
                       ('tfoot td[data-column="credit"]', "table footer")):
        cells = table.find_elements(S["By"].CSS_SELECTOR, css)
        if cells:
            return normalize_text(cells[0].text), where
    tiles = driver.find_elements(S["By"].CSS_SELECTOR, '[data-figure="credit"] .value')
    if tiles:
        return normalize_text(tiles[0].text), 'tile "credit"'
    return None, None


def check_first_touch(driver, args, checks, summary_filters):
    """Step 3: the filter form with model=first_touch."""
    page = open_page(driver, args.url, "summary", "form.filters")
    find_roi_table(page)  # the page is complete
    form = page.element("form.filters")
    fields = form.find_elements(S["By"].NAME, "model")
    if not checks.check(bool(fields), "summary page: the filter form has a `model` field",
                        "summary page: the filter form `form.filters` has no field named `model`"):
        return
    field = fields[0]
    if field.tag_name.lower() == "select":
        select = S["Select"](field)
        if select.is_multiple:
            select.deselect_all()
        select.select_by_value("first_touch")
    else:
        field.clear()
        field.send_keys("first_touch")
    buttons = form.find_elements(S["By"].CSS_SELECTOR, 'button[type="submit"], input[type="submit"], button:not([type])')
    old_html = driver.find_element(S["By"].TAG_NAME, "html")
    (buttons[0].click() if buttons else form.submit())
    page.wait(S["EC"].staleness_of(old_html), "a new page after submitting the filter form")
    page = Page(driver, "summary (first_touch)")
    table, key = find_roi_table(page)
    screenshot(driver, args.screenshots, "summary-first-touch.png", checks)
    model = parse_qs(urlsplit(driver.current_url).query, keep_blank_values=True).get("model")
    checks.check(model == ["first_touch"], "summary (first_touch) page: URL carries model=first_touch",
                 "summary (first_touch) page: URL %s carries model=%s, not first_touch" % (driver.current_url, model))
    filters = form_filters(page)
    checks.check((filters.get("from"), filters.get("to")) == (summary_filters.get("from"), summary_filters.get("to")),
                 "summary (first_touch) page: window unchanged",
                 "summary (first_touch) page: window %s..%s, before the form was submitted %s..%s"
                 % (filters.get("from"), filters.get("to"), summary_filters.get("from"), summary_filters.get("to")))
    report = run_json(args.roiledger, ["report", "--db", args.db, "--view", "roi", "--format", "json"]
                      + filter_arguments(filters, model="first_touch"))
    checks.check(report["roi"]["model"] == "first_touch", "command line: ROI under first_touch",
                 "command line: `report --model first_touch` gave ROI under %r" % report["roi"]["model"])
    compare_roi_table(checks, "summary (first_touch)", table, key, json_roi_table(report, key, checks, "summary (first_touch)"),
                      ("pipeline",))


def check_keyboard(driver, args, checks):
    """Step 4: the first Tab from the body lands on a skip link or the nav."""
    page = open_page(driver, args.url, "summary", "body")
    driver.execute_script("if (document.activeElement) { document.activeElement.blur(); } window.scrollTo(0, 0);")
    S["ActionChains"](driver).send_keys(S["Keys"].TAB).perform()
    focus = driver.execute_script("""
        var e = document.activeElement;
        if (!e || e === document.body || e === document.documentElement) return null;
        var tag = e.tagName.toLowerCase(), href = e.getAttribute('href') || '';
        var control = (tag === 'a' && e.hasAttribute('href')) || ['button', 'input', 'select', 'textarea', 'summary'].indexOf(tag) >= 0
            || e.tabIndex >= 0;
        var skip = tag === 'a' && href.charAt(0) === '#' && href.length > 1 && !!document.getElementById(decodeURIComponent(href.slice(1)));
        return {tag: tag, href: href, text: (e.innerText || e.value || '').trim().slice(0, 60), control: control,
                skip: skip, nav: !!e.closest('nav, [role="navigation"], header')};""")
    if focus is None:
        checks.fail("summary page: Tab from the body focuses nothing (no link or control first in the page)")
        return
    what = "<%s href=%r> %r" % (focus["tag"], focus["href"], focus["text"])
    if not focus["control"]:
        checks.fail("summary page: Tab from the body focuses %s, not a link or control" % what)
    elif focus["skip"] or focus["nav"]:
        checks.ok("summary page: Tab from the body focuses %s (%s)" % (what, "a skip link" if focus["skip"] else "in the nav"))
    else:
        checks.fail("summary page: Tab from the body focuses %s, neither a skip link (`a href=\"#id\"`) nor in the nav" % what)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the server's base URL, e.g. http://127.0.0.1:8080/")
    parser.add_argument("--roiledger", required=True, help="the roiledger executable")
    parser.add_argument("--db", required=True, help="the ledger the server serves")
    parser.add_argument("--screenshots", required=True, help="folder for the screenshots (created)")
    parser.add_argument("--chromium", default=shutil.which("chromium"), help="the browser (default: chromium on PATH)")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver"), help="the driver (default: chromedriver on PATH)")
    args = parser.parse_args()
    args.url = urljoin(args.url, "/")
    if not args.chromium or not args.chromedriver:
        sys.exit("browser_test: chromium and chromedriver must be on PATH (apt-get install -y chromium chromium-driver)")
    os.makedirs(args.screenshots, exist_ok=True)

    global S
    S = selenium_modules()
    checks = Checks()
    driver = start_browser(args.chromium, args.chromedriver)
    try:
        print("browser: %s %s, driver %s" % (driver.capabilities.get("browserName"), driver.capabilities.get("browserVersion"),
                                             (driver.capabilities.get("chrome") or {}).get("chromedriverVersion", "?").split(" ")[0]))
        summary = None
        for step, run in (("1 summary", lambda: check_summary(driver, args, checks)),
                          ("2 channel -> campaign -> deal", lambda: walk_to_a_deal(driver, args, checks, *summary)),
                          ("3 model=first_touch", lambda: check_first_touch(driver, args, checks, summary[0])),
                          ("4 keyboard", lambda: check_keyboard(driver, args, checks))):
            if summary is None and not step.startswith(("1", "4")):
                checks.fail("step %s not run: the summary step failed" % step)
                continue
            try:
                result = run()
                if step.startswith("1"):
                    summary = result
            except (PageProblem, CommandFailed, KeyError) as error:
                checks.fail("step %s: %s" % (step, error.args[0] if error.args else error))
                failure_screenshot(driver, args.screenshots, step, checks)
            except S["WebDriverException"] as error:
                checks.fail("step %s: the browser failed at %s: %s" % (step, driver.current_url, str(error).strip().splitlines()[0]))
                failure_screenshot(driver, args.screenshots, step, checks)
    finally:
        driver.quit()
    print("%d checks passed, %d failed" % (checks.passed, checks.failures))
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
