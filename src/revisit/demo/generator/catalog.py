"""Data tables for the demo office: names, places, jobs, products and contact wording.

The values are the Chinese data an extract and an agent's log contain, so
they stay in Chinese here. Products and places are plausible, not any
insurer's real catalogue.
"""

from revisit.book.models import ProductCategory as Category
from revisit.outreach.models import ContactKind as Kind

# Common surnames with rough relative frequencies in mainland China.
# fmt: off
SURNAMES = [
    ("王", 72), ("李", 71), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 32),
    ("黄", 25), ("赵", 21), ("吴", 20), ("周", 19), ("徐", 15), ("孙", 14),
    ("马", 13), ("朱", 13), ("胡", 12), ("郭", 11), ("何", 10), ("高", 10),
    ("林", 10), ("罗", 9), ("郑", 9), ("梁", 8), ("谢", 7), ("宋", 7),
    ("唐", 6), ("许", 6), ("韩", 6), ("冯", 6), ("邓", 6), ("曹", 5),
    ("彭", 5), ("曾", 5), ("肖", 5), ("田", 5), ("董", 5), ("袁", 5),
    ("潘", 4), ("于", 4), ("蒋", 4), ("蔡", 4), ("余", 4), ("杜", 4),
    ("叶", 4), ("程", 4), ("苏", 4), ("魏", 4), ("吕", 4), ("丁", 4),
    ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("姜", 3), ("崔", 3),
    ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3),
    ("石", 2), ("廖", 2), ("贾", 2), ("夏", 2), ("方", 2), ("邹", 2),
    ("孟", 2), ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2),
    ("薛", 2), ("严", 2), ("钱", 2), ("顾", 2), ("单", 1), ("欧阳", 1),
    ("上官", 1), ("司马", 1), ("诸葛", 1),
]
# fmt: on

# Characters for given names, by gender and by the generation that favoured
# them: people born before 1975 often carry the older set.
GIVEN_MALE_OLD = (
    "建国 建华 国强 志强 卫东 伟 勇 军 强 明 "
    "华 平 刚 红兵 永明 德胜 海军 金生 荣 根林"
).split()
GIVEN_FEMALE_OLD = (
    "秀英 桂英 玉兰 桂兰 秀兰 丽 芳 敏 静 红 "
    "霞 英 美华 凤英 淑珍 素珍 彩霞 玉珍 建英 月娥"
).split()
GIVEN_MALE_NEW = (
    "浩 杰 磊 涛 鹏 超 俊杰 子轩 浩然 宇航 梓轩 一鸣 "
    "文博 晨阳 皓轩 思远 家豪 俊熙 嘉诚 天佑 明轩 博文 志远 昊天"
).split()
GIVEN_FEMALE_NEW = (
    "婷 雪 琳 颖 倩 佳怡 欣怡 子涵 梓涵 雨桐 诗琪 思彤 "
    "可馨 语嫣 一诺 晓雯 慧敏 雅琴 梦瑶 若曦 静怡 佳琪 紫萱 欣妍"
).split()

# Resident ID region codes (first six digits): mostly the office's own city,
# Hangzhou, and some people who moved there from nearby provinces.
REGIONS_LOCAL = [
    ("330102", "上城区"),
    ("330105", "拱墅区"),
    ("330106", "西湖区"),
    ("330108", "滨江区"),
    ("330109", "萧山区"),
    ("330110", "余杭区"),
    ("330111", "富阳区"),
    ("330113", "临平区"),
    ("330114", "钱塘区"),
]
REGIONS_ELSEWHERE = [
    "330203",
    "330302",
    "330402",
    "330602",
    "330702",
    "310101",
    "320102",
    "340102",
    "360102",
    "410102",
    "420102",
    "430102",
    "510104",
    "350102",
]

# Streets per district of the office's city, for home addresses.
STREETS = {
    "上城区": ["解放路", "清泰街", "望江路", "秋涛路", "凯旋路"],
    "拱墅区": ["莫干山路", "湖墅南路", "大关路", "上塘路", "德胜路"],
    "西湖区": ["文三路", "文二路", "天目山路", "古墩路", "学院路", "教工路"],
    "滨江区": ["江南大道", "滨盛路", "长河路", "江虹路", "闻涛路"],
    "萧山区": ["市心路", "金城路", "人民路", "育才路", "山阴路"],
    "余杭区": ["文一西路", "五常大道", "良睦路", "龙舟路", "欧美金融城"],
    "富阳区": ["富春街道桂花路", "金桥北路", "江滨西大道"],
    "临平区": ["迎宾路", "世纪大道", "南苑街道东湖路"],
    "钱塘区": ["下沙路", "文渊路", "学林街", "义蓬街道大同路"],
}
CITY = "浙江省杭州市"

# (occupation, median yearly income in yuan or None when not asked).
OCCUPATIONS = [
    ("企业职员", 120_000),
    ("教师", 150_000),
    ("医生", 260_000),
    ("护士", 130_000),
    ("公务员", 180_000),
    ("工程师", 220_000),
    ("程序员", 300_000),
    ("个体经营者", 200_000),
    ("企业主", 600_000),
    ("销售经理", 180_000),
    ("会计", 110_000),
    ("司机", 90_000),
    ("厨师", 100_000),
    ("设计师", 160_000),
    ("律师", 350_000),
    ("工人", 80_000),
    ("自由职业", None),
    ("家庭主妇", None),
    ("外卖骑手", 90_000),
    ("银行职员", 200_000),
]
OCCUPATION_RETIRED = "退休"
OCCUPATION_STUDENT = "学生"
OCCUPATION_PRESCHOOL = "学龄前儿童"

CUSTOMER_NOTES = [
    "喜欢钓鱼，周末常去千岛湖",
    "孩子明年高考",
    "计划明年换房",
    "刚换了新工作",
    "母亲身体不好，关注医疗险",
    "对分红险收益比较在意",
    "只接受微信联系",
    "晚上七点后方便接电话",
    "家里有两个孩子",
    "经营一家小超市",
    "爱人也在保险公司工作过",
    "去年做过体检，有甲状腺结节",
]

# --- Products ---------------------------------------------------------------

# code, name, category, is_rider, (premium low, high) per year in yuan,
# (sum assured low, high) or None, and term choices: ("years", N),
# ("to_age", N), ("single", None) or ("lifetime", None).
PRODUCTS = [
    (
        "L101",
        "福寿终身寿险",
        Category.LIFE,
        False,
        (2_000, 20_000),
        (100_000, 1_000_000),
        [("years", 10), ("years", 20), ("to_age", 60)],
    ),
    (
        "L102",
        "安家定期寿险",
        Category.LIFE,
        False,
        (600, 4_000),
        (300_000, 2_000_000),
        [("years", 20), ("years", 30)],
    ),
    (
        "C201",
        "康宁重大疾病保险",
        Category.CRITICAL_ILLNESS,
        False,
        (1_500, 12_000),
        (100_000, 500_000),
        [("years", 20), ("years", 30), ("to_age", 60)],
    ),
    (
        "C202",
        "少儿康宁重大疾病保险",
        Category.CRITICAL_ILLNESS,
        False,
        (800, 5_000),
        (100_000, 500_000),
        [("years", 20), ("to_age", 18)],
    ),
    (
        "M301",
        "百万安心医疗保险",
        Category.MEDICAL,
        False,
        (200, 2_500),
        (2_000_000, 6_000_000),
        [("years", 1)],
    ),
    (
        "A401",
        "综合意外伤害保险",
        Category.ACCIDENT,
        False,
        (100, 600),
        (100_000, 1_000_000),
        [("years", 1)],
    ),
    (
        "N501",
        "鑫享年金保险",
        Category.ANNUITY,
        False,
        (6_000, 60_000),
        None,
        [("years", 3), ("years", 5), ("years", 10), ("single", None)],
    ),
    (
        "N502",
        "颐养养老年金保险",
        Category.ANNUITY,
        False,
        (5_000, 40_000),
        None,
        [("to_age", 60), ("years", 10), ("years", 20)],
    ),
    (
        "E601",
        "鸿利两全保险(分红型)",
        Category.ENDOWMENT,
        False,
        (2_000, 20_000),
        (50_000, 300_000),
        [("years", 5), ("years", 10), ("years", 15)],
    ),
    (
        "D701",
        "金色学业教育年金保险",
        Category.EDUCATION,
        False,
        (2_000, 15_000),
        (50_000, 200_000),
        [("years", 10), ("to_age", 17)],
    ),
    (
        "U901",
        "稳盈万能型终身寿险",
        Category.UNIVERSAL,
        False,
        (10_000, 100_000),
        (50_000, 500_000),
        [("single", None), ("years", 5)],
    ),
    (
        "U902",
        "智选投资连结保险",
        Category.UNIVERSAL,
        False,
        (20_000, 100_000),
        None,
        [("single", None)],
    ),
    ("R101", "附加定期寿险", Category.LIFE, True, (200, 1_500), (100_000, 500_000), []),
    (
        "R201",
        "附加重大疾病保险",
        Category.CRITICAL_ILLNESS,
        True,
        (1_000, 6_000),
        (100_000, 300_000),
        [],
    ),
    (
        "R301",
        "附加住院医疗保险",
        Category.MEDICAL,
        True,
        (150, 900),
        (10_000, 50_000),
        [],
    ),
    (
        "R302",
        "附加住院津贴医疗保险",
        Category.MEDICAL,
        True,
        (100, 400),
        (10_000, 30_000),
        [],
    ),
    (
        "R401",
        "附加意外伤害保险",
        Category.ACCIDENT,
        True,
        (60, 300),
        (50_000, 300_000),
        [],
    ),
    (
        "R402",
        "附加意外伤害医疗保险",
        Category.ACCIDENT,
        True,
        (50, 200),
        (10_000, 50_000),
        [],
    ),
    (
        "R801",
        "附加投保人豁免保险费重大疾病保险",
        Category.WAIVER,
        True,
        (50, 800),
        None,
        [],
    ),
]

# Base and rider products offered by the insured's role in the family.
BASE_CODES_ADULT = [
    "L101",
    "L102",
    "C201",
    "C201",
    "M301",
    "A401",
    "N501",
    "N502",
    "E601",
    "U901",
    "U902",
    "C201",
    "L101",
    "E601",
]
BASE_CODES_CHILD = ["C202", "C202", "D701", "D701", "M301", "A401", "E601"]
BASE_CODES_PARENT = ["M301", "A401", "N501", "C201"]
RIDER_CODES_ADULT = ["R101", "R201", "R301", "R302", "R401", "R402"]
RIDER_CODES_CHILD = ["R301", "R302", "R402", "R801"]
# Products that carry no riders in practice.
NO_RIDER_CODES = {"M301", "A401", "U902"}

# --- Contacts -----------------------------------------------------------------

REMOTE_KINDS = [
    (Kind.CALL, 45),
    (Kind.MESSAGE, 30),
    (Kind.GREETING, 12),
    (Kind.SERVICE, 13),
]
MEETING_KINDS = [(Kind.VISIT, 80), (Kind.ACTIVITY, 20)]

PURPOSES = {
    Kind.VISIT: [
        "保单年检",
        "续期缴费提醒",
        "家庭保障规划",
        "送保单",
        "新品介绍",
        "理赔资料收取",
        "生日拜访",
    ],
    Kind.CALL: ["电话约访", "续期缴费提醒", "生日祝福", "保单信息核对", "产说会邀约"],
    Kind.MESSAGE: ["节日问候", "续期缴费提醒", "健康资讯分享", "产品资讯推送"],
    Kind.ACTIVITY: ["产说会", "客户答谢会", "亲子活动", "健康讲座", "早会分享"],
    Kind.GREETING: ["新春送福", "生日祝福", "中秋送礼", "端午送粽"],
    Kind.SERVICE: [
        "理赔协助",
        "变更联系方式",
        "受益人变更",
        "保单贷款咨询",
        "业务处理通知",
    ],
}
ENTRY_POINTS = [
    "续期缴费日",
    "生日",
    "保单周年日",
    "满期金领取",
    "新产品上市",
    "家庭新增成员",
    "理赔服务",
    "产说会邀请",
    "新春送福",
    "体检报告解读",
]
REFUSAL_REASONS = [
    "预算不足",
    "已有其他公司保单",
    "暂时不需要",
    "家人反对",
    "对收益不满意",
    "最近太忙",
]
NEXT_STEPS = {
    "visit": "上门拜访",
    "proposal": "讲解建议书",
    "referral": "约访转介绍客户",
    "follow_up": "电话回访",
}
LIFE_EVENTS = [
    "刚买了新房",
    "二胎出生",
    "孩子考上大学",
    "换了新工作",
    "准备明年退休",
    "父亲住院",
    "刚结婚",
    "开了自己的公司",
]
LIFE_EVENT_NOTE = "客户提到{event}"
REFERRAL_NOTES = ["介绍了同事，待约访", "介绍了表妹，已加微信", "介绍了邻居，下周见面"]

# Team names for up to ten teams; larger offices number the rest.
TEAM_NAMES = [
    "一组",
    "二组",
    "三组",
    "四组",
    "五组",
    "六组",
    "七组",
    "八组",
    "九组",
    "十组",
]
OFFICE_NAME = "杭州西湖营业部（演示）"
