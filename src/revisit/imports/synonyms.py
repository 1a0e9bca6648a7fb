"""Header names insurers use for each field.

Extracts differ from insurer to insurer (and from one IT department's
query to the next), so the table is generous. Headers are compared after
header_key(): widths folded, spaces, asterisks and colons removed, Latin
letters lower-cased. A unit in brackets, such as (元) or (万元), is taken off
before the lookup and turned into a multiplier for amount columns.

An office maps headers this table does not know once, on the import page;
the mapping is saved in SourceProfile.header_map and wins over this table.
"""

import re

from revisit.core.normalize import fold_width

# Person fields by suffix; combined below with every way of naming the
# holder and the insured. The bare suffix (证件号码, 手机号 ...) is also
# known, and header.py decides whose it is from the columns to its left.
_PERSON_SUFFIX_NAMES = {
    "name": ["", "姓名", "名称", "名字", "客户姓名"],
    "gender": ["性别"],
    "birth_date": ["出生日期", "出生年月", "出生年月日", "生日", "出生日"],
    "id_type": ["证件类型", "证件类别", "证件种类"],
    "id_number": [
        "证件号码",
        "证件号",
        "证件号码(身份证)",
        "身份证号",
        "身份证号码",
        "身份证",
        "身份证件号码",
        "证件编号",
    ],
    "phone": [
        "手机号",
        "手机号码",
        "手机",
        "电话",
        "联系电话",
        "电话号码",
        "移动电话",
        "联系方式",
        "联系手机",
        "手机电话",
    ],
    "address": [
        "地址",
        "通讯地址",
        "联系地址",
        "住址",
        "家庭地址",
        "家庭住址",
        "通信地址",
    ],
    "occupation": ["职业", "职业名称", "工作单位及职业", "职业类别"],
    "income": ["年收入", "收入"],
}

_HOLDER_PREFIXES = ["投保人", "投保人的", "投保客户", "投保"]
_INSURED_PREFIXES = ["被保险人", "被保人", "被保险人的", "被保", "受保人"]

# Policy-level fields.
_FIELD_NAMES = {
    "policy_number": [
        "保单号",
        "保险单号",
        "保单号码",
        "保险单号码",
        "保单编号",
        "合同号",
        "合同号码",
        "保险合同号",
        "保险合同号码",
        "合同编号",
        "policyno",
        "policynumber",
        "contno",
    ],
    "product_code": [
        "险种代码",
        "险种编码",
        "险种编号",
        "险种号",
        "产品代码",
        "产品编码",
        "产品编号",
        "riskcode",
        "productcode",
    ],
    "product_name": [
        "险种名称",
        "险种",
        "险种全称",
        "险种简称",
        "产品名称",
        "产品",
        "产品全称",
        "riskname",
        "productname",
    ],
    "is_rider": [
        "主附险标志",
        "主附险",
        "主/附",
        "主附",
        "主附标志",
        "主险/附加险",
        "主附险类型",
        "是否附加险",
        "主附险标识",
        "险种标志",
    ],
    "category": [
        "险种类别",
        "险种分类",
        "产品类别",
        "产品分类",
        "产品类型",
        "险类",
        "险种大类",
    ],
    "sum_assured": [
        "保额",
        "基本保额",
        "保险金额",
        "基本保险金额",
        "保障额度",
        "有效保额",
        "amnt",
    ],
    "premium": [
        "保费",
        "期交保费",
        "期缴保费",
        "每期保费",
        "标准保费",
        "应交保费",
        "应缴保费",
        "期交保险费",
        "保险费",
        "prem",
    ],
    "payment_mode": [
        "缴费方式",
        "交费方式",
        "缴费频率",
        "交费频率",
        "缴费间隔",
        "交费间隔",
        "缴别",
        "交别",
        "缴费方式(频率)",
        "payintv",
    ],
    "payment_term": [
        "缴费年期",
        "交费年期",
        "缴费期间",
        "交费期间",
        "缴费期限",
        "交费期限",
        "缴费年限",
        "交费年限",
        "缴费期",
        "交费期",
        "缴费年期(年)",
    ],
    "effective_date": [
        "生效日期",
        "生效日",
        "承保日期",
        "保单生效日",
        "保单生效日期",
        "合同生效日期",
        "起保日期",
        "签单日期",
        "cvalidate",
    ],
    "paid_to_date": [
        "交至日期",
        "缴至日期",
        "交至日",
        "缴至日",
        "缴费至日期",
        "交费至日期",
        "交至",
        "缴至",
        "paytodate",
    ],
    "payment_end_date": [
        "缴费终止日期",
        "交费终止日期",
        "缴费止期",
        "交费止期",
        "满缴日期",
        "缴费截止日期",
        "交费截止日期",
        "终交日期",
        "payenddate",
    ],
    "status": [
        "保单状态",
        "状态",
        "险种状态",
        "保单效力状态",
        "效力状态",
        "合同状态",
        "保单效力",
    ],
    "relationship": [
        "被保险人与投保人关系",
        "被保人与投保人关系",
        "与投保人关系",
        "投被保人关系",
        "投保人与被保险人关系",
        "关系",
        "与投保人的关系",
    ],
    "agent_code": [
        "业务员工号",
        "业务员代码",
        "业务员编码",
        "业务员编号",
        "代理人编码",
        "代理人代码",
        "代理人工号",
        "代理人编号",
        "营销员工号",
        "营销员代码",
        "营销员编码",
        "服务人员代码",
        "服务业务员代码",
        "服务人员工号",
        "工号",
        "agentcode",
    ],
    "agent_name": [
        "业务员姓名",
        "业务员",
        "代理人",
        "代理人姓名",
        "营销员",
        "营销员姓名",
        "服务人员",
        "服务人员姓名",
        "服务业务员",
        "agentname",
    ],
    "team": [
        "所属组别",
        "团队",
        "组别",
        "所属团队",
        "营业组",
        "所属营业组",
        "团队名称",
        "组",
    ],
    "row_serial": ["序号", "no", "no.", "行号", "编号"],
}

_RE_UNIT = re.compile(r"[(\[]\s*(万元|万|元|人民币|rmb|cny)\s*[)\]]$")
_RE_NOISE = re.compile(r"[\s*:：]")

UNIT_FACTORS = {"万元": 10000, "万": 10000}


def header_key(text: str) -> str:
    """Return the form of a header used for lookups."""
    return _RE_NOISE.sub("", fold_width(str(text))).lower()


def split_unit(key: str) -> tuple[str, int]:
    """Split a trailing unit off a header key: ("保额(万元)") -> ("保额", 10000)."""
    match = _RE_UNIT.search(key)
    if not match:
        return key, 1
    return key[: match.start()], UNIT_FACTORS.get(match.group(1), 1)


def _build() -> tuple[dict[str, str], dict[str, str]]:
    """Return (qualified, bare): header key -> field, and bare key -> suffix."""
    qualified: dict[str, str] = {}
    for field, names in _FIELD_NAMES.items():
        for name in names:
            qualified.setdefault(header_key(name), field)
    bare: dict[str, str] = {}
    for suffix, names in _PERSON_SUFFIX_NAMES.items():
        for name in names:
            for prefix in _HOLDER_PREFIXES:
                qualified.setdefault(header_key(prefix + name), f"holder_{suffix}")
            for prefix in _INSURED_PREFIXES:
                qualified.setdefault(header_key(prefix + name), f"insured_{suffix}")
            if name:
                bare.setdefault(header_key(name), suffix)
    return qualified, bare


QUALIFIED, BARE = _build()


def lookup(header: str) -> tuple[str | None, str | None, int]:
    """Return (field, bare person suffix, unit factor) for a header.

    At most one of field and suffix is set. "投保人证件号码" gives
    ("holder_id_number", None, 1); "证件号码" gives (None, "id_number", 1);
    "保额(万元)" gives ("sum_assured", None, 10000).
    """
    key = header_key(header)
    if not key:
        return None, None, 1
    for candidate, factor in ((key, 1), split_unit(key)):
        field = QUALIFIED.get(candidate)
        if field:
            return field, None, factor
        suffix = BARE.get(candidate)
        if suffix:
            return None, suffix, factor
    return None, None, 1
