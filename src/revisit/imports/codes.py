"""Code tables: the words and codes extracts use for coded fields.

DEFAULT_TABLES holds what Chinese life-insurance extracts write in words
(有效, 年交, 配偶 ...) and the codes of national standards: gender 1/2 from
GB/T 2261.1. Numeric codes for status, ID type or payment mode differ from
one insurer's system to the next (payment mode 1 is monthly in some and
annual in others), so none are built in: an office adds them once in
SourceProfile.code_tables, keyed by table name ("status") or by field name
("holder_id_type") for a single column, e.g. {"status": {"6": "in_force"}}.
"""

import re
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from revisit.book.models import (
    Gender,
    IdType,
    PaymentMode,
    PolicyStatus,
    ProductCategory,
    Relationship,
)
from revisit.core.exceptions import DomainError
from revisit.core.normalize import fold_width

MESSAGES = {
    "bad_table": _(
        "The code table %(table)s is not one the import uses: use one of "
        "%(tables)s, or a field name such as holder_id_type."
    ),
    "bad_value": _(
        "The code table %(table)s maps %(code)s to %(value)s, which is not one "
        "of %(values)s."
    ),
}

RIDER = "rider"
BASE = "base"

DEFAULT_TABLES: dict[str, dict[str, str]] = {
    "status": {
        **dict.fromkeys(
            [
                "有效",
                "正常",
                "承保",
                "生效",
                "保单有效",
                "有效状态",
                "已生效",
                "缴费有效",
                "复效",
                "in force",
                "inforce",
                "active",
            ],
            PolicyStatus.IN_FORCE,
        ),
        **dict.fromkeys(
            ["失效", "中止", "效力中止", "保单失效", "失效中止", "暂停", "lapsed"],
            PolicyStatus.LAPSED,
        ),
        **dict.fromkeys(
            [
                "满期",
                "满期终止",
                "期满",
                "期满终止",
                "满期给付",
                "满期给付终止",
                "matured",
            ],
            PolicyStatus.MATURED,
        ),
        **dict.fromkeys(
            [
                "退保",
                "退保终止",
                "解约",
                "解除合同",
                "犹豫期退保",
                "犹豫期撤单",
                "协议退保",
                "surrendered",
            ],
            PolicyStatus.SURRENDERED,
        ),
        **dict.fromkeys(
            ["理赔终止", "理赔", "赔付终止", "死亡理赔终止", "身故理赔终止"],
            PolicyStatus.CLAIM_TERMINATED,
        ),
        **dict.fromkeys(
            ["终止", "合同终止", "其他终止", "永久失效", "失效终止", "terminated"],
            PolicyStatus.TERMINATED,
        ),
    },
    "gender": {
        **dict.fromkeys(["男", "男性", "m", "male", "1"], Gender.MALE),
        **dict.fromkeys(["女", "女性", "f", "female", "2"], Gender.FEMALE),
        **dict.fromkeys(["未知", "不详", "未说明", "0", "9"], Gender.UNKNOWN),
    },
    "id_type": {
        **dict.fromkeys(
            [
                "居民身份证",
                "身份证",
                "二代身份证",
                "第二代居民身份证",
                "临时身份证",
                "临时居民身份证",
                "户口簿",
                "户口本",
                "居民户口簿",
                "身份证件",
            ],
            IdType.RESIDENT,
        ),
        **dict.fromkeys(["护照", "外国护照", "中国护照", "普通护照"], IdType.PASSPORT),
        **dict.fromkeys(
            [
                "军官证",
                "士兵证",
                "军人证",
                "军人身份证",
                "军人身份证件",
                "武警身份证",
                "警官证",
                "文职干部证",
                "军官退休证",
            ],
            IdType.MILITARY,
        ),
        **dict.fromkeys(
            [
                "港澳居民来往内地通行证",
                "港澳通行证",
                "回乡证",
                "港澳居民往来内地通行证",
                "港澳台居民居住证",
            ],
            IdType.HK_MACAU,
        ),
        **dict.fromkeys(
            ["台湾居民来往大陆通行证", "台胞证", "台湾通行证"], IdType.TAIWAN
        ),
        **dict.fromkeys(
            ["出生证", "出生证明", "出生医学证明", "出生医学证明书"],
            IdType.BIRTH_CERTIFICATE,
        ),
        **dict.fromkeys(
            ["外国人永久居留证", "外国人永久居留身份证", "外国人居留证", "绿卡"],
            IdType.FOREIGN_RESIDENT,
        ),
        **dict.fromkeys(["其他", "其它", "其他证件"], IdType.OTHER),
    },
    "payment_mode": {
        **dict.fromkeys(
            ["年交", "年缴", "年付", "每年", "按年", "年", "1年交", "1年缴", "每年交"],
            PaymentMode.ANNUAL,
        ),
        **dict.fromkeys(
            ["半年交", "半年缴", "每半年", "按半年", "半年", "半年付"],
            PaymentMode.SEMI_ANNUAL,
        ),
        **dict.fromkeys(
            ["季交", "季缴", "每季", "按季", "季", "季付"], PaymentMode.QUARTERLY
        ),
        **dict.fromkeys(
            ["月交", "月缴", "每月", "按月", "月", "月付"], PaymentMode.MONTHLY
        ),
        **dict.fromkeys(
            ["趸交", "趸缴", "一次交清", "一次缴清", "一次性交清", "一次性", "趸"],
            PaymentMode.SINGLE,
        ),
    },
    "relationship": {
        **dict.fromkeys(["本人", "自己", "自身", "同一人"], Relationship.SELF),
        **dict.fromkeys(
            ["配偶", "丈夫", "妻子", "夫妻", "夫", "妻"], Relationship.SPOUSE
        ),
        **dict.fromkeys(
            ["子女", "儿子", "女儿", "子", "女", "孩子", "儿女"], Relationship.CHILD
        ),
        **dict.fromkeys(
            ["父母", "父亲", "母亲", "父", "母", "父子", "父女", "母子", "母女"],
            Relationship.PARENT,
        ),
        **dict.fromkeys(
            [
                "兄弟姐妹",
                "兄弟",
                "姐妹",
                "兄妹",
                "姐弟",
                "哥哥",
                "弟弟",
                "姐姐",
                "妹妹",
            ],
            Relationship.SIBLING,
        ),
        **dict.fromkeys(
            ["孙子女", "孙子", "孙女", "外孙", "外孙女", "外孙子女"],
            Relationship.GRANDCHILD,
        ),
        **dict.fromkeys(
            [
                "祖父母",
                "祖父",
                "祖母",
                "外祖父",
                "外祖母",
                "爷爷",
                "奶奶",
                "外公",
                "外婆",
                "外祖父母",
            ],
            Relationship.GRANDPARENT,
        ),
        **dict.fromkeys(["雇佣", "雇员", "雇佣关系", "员工"], Relationship.EMPLOYEE),
        **dict.fromkeys(
            ["其他", "其它", "朋友", "亲属", "其他亲属"], Relationship.OTHER
        ),
    },
    "rider": {
        **dict.fromkeys(["主险", "主", "基本险", "主险种", "main", "base"], BASE),
        **dict.fromkeys(["附加险", "附加", "附险", "附", "附加险种", "rider"], RIDER),
    },
    "category": {
        **dict.fromkeys(
            ["寿险", "终身寿险", "定期寿险", "人寿保险", "life"], ProductCategory.LIFE
        ),
        **dict.fromkeys(
            ["重疾", "重疾险", "重大疾病", "重大疾病保险"],
            ProductCategory.CRITICAL_ILLNESS,
        ),
        **dict.fromkeys(
            ["医疗", "医疗险", "医疗保险", "健康险"], ProductCategory.MEDICAL
        ),
        **dict.fromkeys(
            ["意外", "意外险", "意外伤害", "意外伤害保险"], ProductCategory.ACCIDENT
        ),
        **dict.fromkeys(
            ["年金", "年金险", "年金保险", "养老年金"], ProductCategory.ANNUITY
        ),
        **dict.fromkeys(
            ["两全", "两全险", "两全保险", "生死两全"], ProductCategory.ENDOWMENT
        ),
        **dict.fromkeys(
            ["教育金", "教育", "少儿教育金", "教育年金"], ProductCategory.EDUCATION
        ),
        **dict.fromkeys(["豁免", "豁免险", "豁免保费"], ProductCategory.WAIVER),
        **dict.fromkeys(
            ["万能", "万能险", "投连", "投连险", "投资连结", "投资连结保险"],
            ProductCategory.UNIVERSAL,
        ),
        **dict.fromkeys(["其他", "其它"], ProductCategory.OTHER),
    },
}

# Canonical values a profile may map a code to, per table.
ALLOWED_VALUES: dict[str, set[str]] = {
    "status": set(PolicyStatus.values),
    "gender": set(Gender.values),
    "id_type": set(IdType.values),
    "payment_mode": set(PaymentMode.values),
    "relationship": set(Relationship.values),
    "rider": {RIDER, BASE},
    "category": set(ProductCategory.values),
}

# Product category from the product name when the extract has no category
# column. Order matters: a waiver rider names the illness it waives for,
# and accident medical cover is sold as accident cover.
NAME_CATEGORY_KEYWORDS = (
    ("豁免", ProductCategory.WAIVER),
    ("万能", ProductCategory.UNIVERSAL),
    ("投资连结", ProductCategory.UNIVERSAL),
    ("投连", ProductCategory.UNIVERSAL),
    ("意外", ProductCategory.ACCIDENT),
    ("重大疾病", ProductCategory.CRITICAL_ILLNESS),
    ("重疾", ProductCategory.CRITICAL_ILLNESS),
    ("防癌", ProductCategory.CRITICAL_ILLNESS),
    ("医疗", ProductCategory.MEDICAL),
    ("住院", ProductCategory.MEDICAL),
    ("护理", ProductCategory.MEDICAL),
    ("健康", ProductCategory.MEDICAL),
    ("教育", ProductCategory.EDUCATION),
    ("年金", ProductCategory.ANNUITY),
    ("养老", ProductCategory.ANNUITY),
    ("两全", ProductCategory.ENDOWMENT),
    ("寿险", ProductCategory.LIFE),
    ("人寿", ProductCategory.LIFE),
)
RIDER_NAME_PREFIX = "附加"

_RE_FLOAT_INTEGER = re.compile(r"(\d+)\.0+")
_RE_NOISE = re.compile(r"\s")


def code_key(value) -> str:
    """Return the form of a coded cell used for lookups ("6.0" -> "6")."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    key = _RE_NOISE.sub("", fold_width(str(value))).lower()
    match = _RE_FLOAT_INTEGER.fullmatch(key)
    return match.group(1) if match else key


@lru_cache(maxsize=4096)
def category_from_name(product_name: str) -> str:
    for keyword, category in NAME_CATEGORY_KEYWORDS:
        if keyword in product_name:
            return category
    return ProductCategory.OTHER


def _table_name(key: str) -> str | None:
    from revisit.imports.fields import FIELDS

    if key in DEFAULT_TABLES:
        return key
    field = FIELDS.get(key)
    return field.code_table if field is not None and field.code_table else None


def validate_code_tables(tables: dict) -> None:
    """Raise DomainError unless every table and value is one the import knows."""
    for key, table in tables.items():
        name = _table_name(key)
        if name is None or not isinstance(table, dict):
            raise DomainError(
                MESSAGES["bad_table"],
                code="bad_table",
                params={"table": key, "tables": ", ".join(DEFAULT_TABLES)},
            )
        allowed = ALLOWED_VALUES[name]
        for code, value in table.items():
            if value not in allowed:
                raise DomainError(
                    MESSAGES["bad_value"],
                    code="bad_value",
                    params={
                        "table": key,
                        "code": code,
                        "value": value,
                        "values": ", ".join(sorted(allowed)),
                    },
                )


class CodeTables:
    """The built-in tables overlaid with an office's own codes."""

    def __init__(self, profile_tables: dict | None = None):
        validate_code_tables(profile_tables or {})
        self.profile = {
            name: {code_key(code): str(value) for code, value in table.items()}
            for name, table in (profile_tables or {}).items()
            if isinstance(table, dict)
        }

    def table_for(self, field_name: str, table_name: str) -> dict[str, str]:
        """Return the merged table one column uses: defaults < table < field."""
        merged = {
            code_key(code): value for code, value in DEFAULT_TABLES[table_name].items()
        }
        merged.update(self.profile.get(table_name, {}))
        merged.update(self.profile.get(field_name, {}))
        return merged
