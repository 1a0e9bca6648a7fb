"""A synthetic insurer extract of N coverage lines, as CSV and as .xlsx.

Deterministic for a seed, and shaped like a sales office's book. Agents
work in teams of eight. A family (a holder, often a spouse, up to three
children and sometimes a parent) has one to five policies, and about a
quarter of the policies have riders. Statuses, payment modes and terms come
in the proportions a mature book shows (an estimate, not measured data).
The CSV writes dates and amounts in the mixed forms real extracts use
(2019-03-05, 2019/3/5, 20190305, "1,234.50", 15万). The .xlsx stores real
dates and numbers.
"""

import csv
import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from bench.xlsx import XlsxWriter

HEADER = [
    "序号",
    "保单号",
    "险种代码",
    "险种名称",
    "主附险标志",
    "投保人姓名",
    "投保人性别",
    "投保人证件类型",
    "投保人证件号码",
    "投保人出生日期",
    "投保人手机号",
    "投保人通讯地址",
    "投保人职业",
    "被保险人姓名",
    "被保险人性别",
    "被保险人证件号码",
    "被保险人出生日期",
    "被保险人与投保人关系",
    "基本保额",
    "期交保费",
    "缴费方式",
    "缴费年期",
    "生效日期",
    "交至日期",
    "保单状态",
    "业务员工号",
    "业务员姓名",
    "所属组别",
]
DATE_COLUMNS = {9, 16, 22, 23}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文辉鑫宇浩然子涵"
    "欣怡梓轩雨泽佳琪思远晨阳嘉怡一诺"
)
REGIONS = [
    "110101",
    "110105",
    "310104",
    "310115",
    "330106",
    "320102",
    "440305",
    "440106",
    "510107",
    "420106",
    "350203",
    "370202",
    "430102",
    "610113",
    "500103",
    "120101",
]
STREETS = [
    "幸福路",
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "和平路",
    "新华路",
    "胜利路",
]
CITIES = [
    "杭州市西湖区",
    "上海市浦东新区",
    "北京市朝阳区",
    "深圳市南山区",
    "成都市武侯区",
]
OCCUPATIONS = [
    "教师",
    "医生",
    "工程师",
    "销售",
    "司机",
    "公务员",
    "个体工商户",
    "企业职员",
    "退休",
    "自由职业",
]
BASE_PRODUCTS = [
    ("L101", "福禄金尊两全保险(分红型)"),
    ("L102", "鸿运年年年金保险"),
    ("L201", "安康无忧重大疾病保险"),
    ("L301", "长青终身寿险"),
    ("L401", "金色童年少儿教育金保险"),
    ("L501", "平安出行意外伤害保险"),
    ("L601", "臻享万能型终身寿险"),
    ("L701", "安心百万医疗保险"),
]
RIDERS = [
    ("R101", "附加住院医疗保险"),
    ("R102", "附加投保人豁免保险费重大疾病保险"),
    ("R103", "附加意外伤害医疗保险"),
]
STATUSES = (
    ["有效"] * 78
    + ["失效"] * 7
    + ["中止"] * 3
    + ["满期终止"] * 5
    + ["退保终止"] * 6
    + ["理赔终止"]
)
MODES = ["年交"] * 70 + ["月交"] * 12 + ["半年交"] * 8 + ["季交"] * 3 + ["趸交"] * 7
TERMS = ["5年", "10年", "15年", "20年", "20年", "至60岁"]
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
TODAY = dt.date(2026, 11, 30)


def _check(first17: str) -> str:
    return "10X98765432"[
        sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11
    ]


class _People:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.sequence = 0

    def person(self, birth: dt.date, gender: str, surname: str | None = None) -> dict:
        rng = self.rng
        self.sequence += 1
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        digit = rng.randrange(0, 10, 2) + (1 if gender == "男" else 0)
        first17 = (
            rng.choice(REGIONS)
            + birth.strftime("%Y%m%d")
            + f"{self.sequence % 100:02d}{digit}"
        )
        return {
            "name": (surname or rng.choice(SURNAMES)) + given,
            "gender": gender,
            "id": first17 + _check(first17),
            "birth": birth,
            "phone": f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
            "address": (
                f"{rng.choice(CITIES)}{rng.choice(STREETS)}{rng.randrange(1, 400)}号"
            ),
            "occupation": rng.choice(OCCUPATIONS),
        }


def _family(people: _People, rng: random.Random) -> list[tuple[dict, str]]:
    """Return [(person, relation to the holder)], the holder first."""
    gender = rng.choice("男女")
    birth = dt.date(
        rng.randrange(1955, 1998), rng.randrange(1, 13), rng.randrange(1, 29)
    )
    holder = people.person(birth, gender)
    family = [(holder, "本人")]
    if rng.random() < 0.6:
        spouse_birth = birth + dt.timedelta(days=rng.randrange(-1500, 1500))
        family.append(
            (people.person(spouse_birth, "女" if gender == "男" else "男"), "配偶")
        )
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        child_birth = birth + dt.timedelta(days=rng.randrange(22 * 365, 38 * 365))
        if child_birth < TODAY:
            family.append(
                (
                    people.person(child_birth, rng.choice("男女"), holder["name"][0]),
                    "子女",
                )
            )
    if rng.random() < 0.1:
        parent_birth = birth - dt.timedelta(days=rng.randrange(22 * 365, 35 * 365))
        family.append((people.person(parent_birth, rng.choice("男女")), "父母"))
    return family


def logical_rows(lines: int, seed: int = 7) -> Iterator[list]:
    """Yield rows as typed values (dates, Decimals), HEADER order."""
    rng = random.Random(seed)
    people = _People(rng)
    agents = max(1, lines // 1500)
    policy_number = 880_000_000
    produced = 0
    while produced < lines:
        family = _family(people, rng)
        agent = rng.randrange(agents)
        agent_code, agent_name = f"A{agent:05d}", f"业务员{agent:05d}"
        team = f"{agent // 8 + 1}组"
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4, 5))):
            holder = family[0][0] if rng.random() < 0.85 else family[-1][0]
            insured, relation = rng.choice(family)
            if holder is not family[0][0]:
                insured, relation = holder, "本人"
            policy_number += rng.randrange(1, 40)
            effective = TODAY - dt.timedelta(days=rng.randrange(30, 20 * 365))
            mode, term = rng.choice(MODES), rng.choice(TERMS)
            if mode == "趸交":
                term = "趸交"
            status = rng.choice(STATUSES)
            paid_to = effective + dt.timedelta(days=365 * rng.randrange(1, 12))
            code, name = rng.choice(BASE_PRODUCTS)
            coverage = [(code, name, "主险")]
            if rng.random() < 0.25:
                for rider in rng.sample(RIDERS, rng.choice((1, 1, 2))):
                    coverage.append((*rider, "附加险"))
            for code, name, kind in coverage:
                if produced >= lines:
                    return
                produced += 1
                premium = Decimal(rng.randrange(20000, 3000000)) / 100
                if kind == "附加险":
                    premium = Decimal(rng.randrange(10000, 90000)) / 100
                yield [
                    produced,
                    str(policy_number),
                    code,
                    name,
                    kind,
                    holder["name"],
                    holder["gender"],
                    "居民身份证",
                    holder["id"],
                    holder["birth"],
                    holder["phone"],
                    holder["address"],
                    holder["occupation"],
                    insured["name"],
                    insured["gender"],
                    insured["id"],
                    insured["birth"],
                    relation,
                    rng.randrange(1, 100) * 10000,
                    premium,
                    mode,
                    term,
                    effective,
                    paid_to,
                    status,
                    agent_code,
                    agent_name,
                    team,
                ]


def _csv_text(rng: random.Random, index: int, value) -> str:
    if isinstance(value, dt.date):
        form = rng.random()
        if form < 0.7:
            return value.isoformat()
        if form < 0.85:
            return f"{value.year}/{value.month}/{value.day}"
        return value.strftime("%Y%m%d")
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if rng.random() < 0.3 else str(value)
    if index == 18 and value % 10000 == 0 and rng.random() < 0.2:
        return f"{value // 10000}万"
    return str(value)


def write_files(
    lines: int, out_dir: Path, seed: int = 7, xlsx: bool = True
) -> tuple[Path, Path | None]:
    """Write extract_<lines>.csv (and .xlsx) in out_dir unless they exist."""
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / f"extract_{lines}_{seed}.csv"
    xlsx_path = out_dir / f"extract_{lines}_{seed}.xlsx" if xlsx else None
    if csv_path.exists() and (xlsx_path is None or xlsx_path.exists()):
        return csv_path, xlsx_path
    formatting = random.Random(seed + 1)
    book = XlsxWriter(xlsx_path, date_columns=DATE_COLUMNS) if xlsx_path else None
    with open(csv_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        if book:
            book.write_row(HEADER)
        for row in logical_rows(lines, seed):
            writer.writerow(
                [_csv_text(formatting, i, value) for i, value in enumerate(row)]
            )
            if book:
                book.write_row(row)
    if book:
        book.close()
    return csv_path, xlsx_path
