"""Legacy .xls workbooks: read through python-calamine, imported end to end."""

from decimal import Decimal

from revisit.book.models import CoverageLine, Customer, Policy
from revisit.imports.models import ImportBatch
from revisit.imports.reader import open_source
from tests.imports.files import resident_id
from tests.imports.xls_file import write_xls

HOLDER_ID = resident_id("19800101", "123")
CHILD_ID = resident_id("20100101", "124")
HEADER = [
    "保单号",
    "险种代码",
    "险种名称",
    "投保人",
    "证件号码",
    "被保险人",
    "被保险人证件号码",
    "与投保人关系",
    "保费",
    "缴费方式",
    "缴费期间",
    "生效日期",
    "交至日期",
    "保单状态",
    "业务员工号",
]
ROWS = [
    ["某人寿保险公司 保单清单", *[None] * (len(HEADER) - 1)],
    HEADER,
    [
        "P1",
        "L101",
        "长青终身寿险",
        "测试甲",
        HOLDER_ID,
        "测试甲",
        HOLDER_ID,
        "本人",
        1200.5,
        "年交",
        "20年",
        "2020-03-01",
        "2027-03-01",
        "有效",
        "A0001",
    ],
    ["P1", "R201", "附加重疾", *[None] * 5, 300, *[None] * 6],
    [
        "P2",
        "E301",
        "教育年金",
        "测试甲",
        HOLDER_ID,
        "测试乙",
        CHILD_ID,
        "子女",
        5000,
        "年交",
        "10年",
        "2021-06-01",
        "2027-06-01",
        "有效",
        "A0001",
    ],
    ["合计", *[None] * 7, 6500.5, *[None] * 6],
]
TITLE_MERGE = (0, 0, 0, len(HEADER) - 1)


def test_xls_rows_and_merged_title_are_read(tmp_path):
    path = write_xls(tmp_path / "extract.xls", ROWS, merges=[TITLE_MERGE])
    source = open_source(path)
    rows = list(source.rows())
    assert source.kind == "excel"
    assert [number for number, _cells in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0][1][-1] == "某人寿保险公司 保单清单"
    assert rows[1][1] == HEADER
    assert rows[2][1][8] == 1200.5


def test_xls_extract_imports(tmp_path, run_import, office):
    path = write_xls(tmp_path / "extract.xls", ROWS, merges=[TITLE_MERGE])
    summary, batch = run_import(path)
    assert batch.status == ImportBatch.Status.COMMITTED
    assert summary["header_row"] == 2
    assert (summary["rows"], summary["rejected"]) == (3, 0)
    assert summary["coverage_lines"] == 3
    assert Policy.objects.filter(office=office).count() == 2
    assert Customer.objects.filter(office=office).count() == 2
    rider = CoverageLine.objects.get(policy__policy_number="P1", product_code="R201")
    assert rider.is_rider
    assert rider.premium == Decimal("300")
    assert rider.insured.id_number == HOLDER_ID
    base = CoverageLine.objects.get(policy__policy_number="P1", product_code="L101")
    assert base.premium == Decimal("1200.50")
