"""Seed the library of talk scripts for the six techniques.

The scripts are data in Simplified Chinese, the language agents speak with
customers. They belong to no office: every office starts from them, and an
office manager's edit stores an office version without changing them.
"""

from django.db import migrations

LIBRARY = [
    {
        "technique": "pre_framing",
        "position": 1,
        "title": "续期上门：先说清楚不是来推销的",
        "situation": "续期缴费日前后上门服务，顺便检视保单时使用。",
        "body": (
            "{name_title}，您好！您的{policy}下一期保费在{due_date}缴纳，今天我来主要是"
            "做好续期服务，顺便帮您把保单检视一下。先跟您说清楚，我今天不是来推销的，"
            "只占用您五分钟，给您看看为什么很多和您情况差不多的客户都选了{product}。"
            "听完要是觉得不合适，您直接告诉我就行，一点关系都没有。"
        ),
    },
    {
        "technique": "pre_framing",
        "position": 2,
        "title": "生存金、满期金到账：先把钱的去处说好",
        "situation": "保单有生存金、年金或满期金可以领取时使用。",
        "body": (
            "{name_title}，恭喜您，您的{policy}这次有一笔钱可以领了，我专门来帮您把手续办好。"
            "办完之后，我想用五分钟跟您聊聊这笔钱怎么安排：是放着不动，还是让它继续为家里"
            "多做一份保障。您听完自己拿主意，我只负责把几种做法讲清楚。"
        ),
    },
    {
        "technique": "hypothetical_question",
        "position": 1,
        "title": "用一个假设问题打开话题",
        "situation": "发现保障缺口以后，引出话题时使用。",
        "body": (
            "{name_title}，我想请教您一个问题：如果每天只需要省下三十块钱，就能把"
            "“{gap}”这个缺口补上，让全家人多一份安心，您愿不愿意花五分钟听我讲讲"
            "是怎么做到的？"
        ),
    },
    {
        "technique": "descending_introduction",
        "position": 1,
        "title": "按利益从强到弱介绍产品",
        "situation": "客户愿意听产品介绍时使用，先讲最打动他的一点。",
        "body": (
            "{name_title}，{product}有几点好处，我给您简单说一下。首先，它正好补上"
            "“{gap}”，这是您家现在最需要的；其次，保费可以按年交，不会给家里添太大负担；"
            "还有，生病住院理赔手续简单，我会全程帮您办；另外，它可以和您现在的{policy}"
            "放在一起管理，每年我帮您一起检视；更何况，越早投保保费越低，核保也越容易。"
        ),
    },
    {
        "technique": "interactive_introduction",
        "position": 1,
        "title": "一问一答讲建议书",
        "situation": "递交建议书、一起看方案时使用。每问一句，停一停，等客户回答。",
        "body": (
            "{name_title}，您平时更担心家人的健康，还是孩子将来的教育费用？"
            "（停一下，等客户回答）是的，很多家长和您想的一样。"
            "如果有一份计划能把这件事安排好，您是不是会更放心？（停一下）"
            "这份是我按您家的情况准备的建议书，您拿着看，我们一项一项对一下，"
            "哪里不清楚您随时问我。"
        ),
    },
    {
        "technique": "feeling_introduction",
        "position": 1,
        "title": "让客户想象拥有之后的感觉",
        "situation": "客户认可道理、还在犹豫时使用，语速放慢。",
        "body": (
            "{name_title}，您可以想象一下：十几年以后，孩子拿到大学录取通知书那天，"
            "学费早就准备好了，您一点都不用发愁。又或者万一身体出了状况，您只管安心养病，"
            "医药费有{product}来承担，家里的日子照常过。那种踏实的感觉，"
            "就是这份保障真正带给您的。"
        ),
    },
    {
        "technique": "assumptive_close",
        "position": 1,
        "title": "让客户选择，而不是决定要不要",
        "situation": "客户基本认可方案、准备成交时使用。",
        "body": (
            "{name_title}，那我们就按这个方案来。缴费期您看是选五年、十年还是二十年？"
            "选二十年，每年的压力最小；选十年，总保费更省一些。您觉得哪种更适合家里的安排？"
            "首期保费从您现在交{policy}的那张银行卡扣就可以，您看方便吗？"
        ),
    },
]


def seed(apps, schema_editor):
    TalkScript = apps.get_model("development", "TalkScript")
    for entry in LIBRARY:
        TalkScript.objects.get_or_create(
            office=None,
            technique=entry["technique"],
            title=entry["title"],
            defaults={
                "situation": entry["situation"],
                "body": entry["body"],
                "position": entry["position"],
            },
        )


def unseed(apps, schema_editor):
    TalkScript = apps.get_model("development", "TalkScript")
    titles = [entry["title"] for entry in LIBRARY]
    TalkScript.objects.filter(office=None, title__in=titles).delete()


class Migration(migrations.Migration):
    dependencies = [("development", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
