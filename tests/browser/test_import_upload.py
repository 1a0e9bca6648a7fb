"""A manager uploads an extract in the browser and follows it to the results."""

import re
import threading

from playwright.sync_api import expect

from revisit.imports import services
from tests.imports.upload_support import ID_LI, ID_WANG, ID_ZHANG, row, write_csv


def test_manager_uploads_csv_and_sees_counts(
    page, login, manager, agent, teammate, settings, tmp_path, monkeypatch
):
    settings.REVISIT_IMPORT_RUNNER = "thread"
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write_csv(
        tmp_path / "extract.csv",
        [
            row("P1", "张三", ID_ZHANG, "A0001"),
            row("P2", "李四", ID_LI, "A0002"),
            row("P3", "王五", ID_WANG, "A0001"),
        ],
    )

    # Hold the import at its start until the progress page has been seen;
    # a three-row file would otherwise finish before the page loads.
    release = threading.Event()
    real_run = services.import_run

    def held_run(**kwargs):
        release.wait(timeout=30)
        return real_run(**kwargs)

    monkeypatch.setattr(services, "import_run", held_run)

    login(manager)
    page.goto(f"{page.base_url}/imports/new/")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-form button[type=submit]")

    progress = page.locator("#import-progress")
    expect(progress).to_be_visible()
    expect(progress).to_contain_text("正在读取文件")
    release.set()

    expect(page.locator(".count-rows dd")).to_have_text("3", timeout=15_000)
    expect(page.locator(".count-policies_created dd")).to_have_text("3")
    expect(page.locator("h1 .badge")).to_have_text("已导入")
    assert re.search(r"/imports/\d+/$", page.url)


def test_long_file_name_fits_phone_width(page, login, manager, agent, tmp_path):
    name = "policy_extract_hangzhou_branch_2026_11_full_export_v2.csv"
    path = write_csv(
        tmp_path / name,
        [
            row("P1", "张三", ID_ZHANG, "A0001"),
            row("P2", "李四", "110105198001011234", "A0001"),
        ],
    )

    login(manager)
    page.goto(f"{page.base_url}/imports/new/")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text(name[:20], timeout=15_000)
    expect(page.locator(".rejected-rows")).to_be_visible()

    # Nothing on the results page may push it wider than the phone screen.
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1]
