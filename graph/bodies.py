"""What kind of body a printed name is, and whether it is a national one: one table of name forms.

The lexicon of the genre lives here and nowhere else. Each rule is a kind (a notation of
pk:AgencyKindScheme) and the name forms that give it; the first rule a name matches decides.
Names are compared as printed, stray spaces removed, with any carried level prefix applied.
"""

from __future__ import annotations

import re

# Level prefixes a department's name starts with: 省生态环境厅, 自治区发展改革委, 盟林草局.
LEVEL_PREFIXES = ("自治区", "自治州", "自治县", "省", "市", "区", "县", "州", "盟", "旗")
# 市 before 场 is 市场 (market): 市场监管总局 is national, not a city's
_LEVEL = "(?:" + "|".join(LEVEL_PREFIXES).replace("市", "市(?!场)") + ")"
_DIVISION = r"(?:地级以上市|地级市|省辖市|县级市|[省市州县区盟旗乡镇])"

KIND_RULES: tuple[tuple[str, str], ...] = (
    # a list of bodies named by what they belong to: 领导小组成员单位
    ("collective", r"成员单位$|\bmember units?\b"),
    # the governments of the divisions below the plan's, or their departments:
    # 各市人民政府, 各区政府, 各州、市有关部门, 各县（市、区）政府, 各地级以上市政府
    (
        "government",
        rf"^各{_DIVISION}[省市州县区盟旗、（）()]*(?:人民政府|政府|党委和政府|有关部门|相关部门)?$",
    ),
    # a class of bodies, not one body: 各有关部门, 各相关部门, 相关市级部门, 有关单位
    (
        "collective",
        rf"^(?:各|其他|其它)?{_LEVEL}?(?:有关|相关)?(?:[省市区县州]级|中央)?(?:部门|单位|机构|方面|企业)$"
        r"|^(?:all |other )?(?:relevant|concerned) (?:departments|units|agencies)$",
    ),
    # organs of the Party: 省委宣传部, 市委组织部, 自治区党委网信办, 中共XX市委
    (
        "party organ",
        rf"^中共|^中国共产党|党委|党组|纪委|监委|^团{_LEVEL}委|(?:^|{_LEVEL})委(?:宣传部|组织部|统战部|"
        r"政法委|网信办|编办|政研室|农办|财经办|外办|办公厅|办公室)?$|\bparty committee\b|\bcpc\b",
    ),
    # offices of a vertically managed national system, whatever prefix the plan prints:
    # central-bank branches, financial and securities regulators' local bureaus, maritime,
    # postal, customs, tax, railway, grid, meteorology, exchanges
    (
        "vertical office",
        r"人民银行.+(?:分行|中心支行|支行|营业管理部)$|银保监(?:局|分局)$|证监局$|"
        r"金融监督管理总局.+(?:监管局|分局)$|金融监管总局.+(?:监管局|分局)$|外汇管理.*局$|"
        r"海事局$|邮政管理局$|(?<!总)海关$|(?<!总)税务局$|通信管理局$|调查总队$|能源监管(?:局|办)$|"
        r"民航.+管理局$|铁路(?:局|办事处|监督管理局)$|^国铁.+局$|铁路.*(?:集团|公司)|"
        r"^国网|电网|电力(?:有限)?公司$|(?<!中国)气象局$|交易所$|\bsub-?branch\b",
    ),
    # a government or zone committee: 珠三角各地级以上市政府, 滨海新区政府, 管委会
    (
        "government",
        r"(?:人民政府|政府|管委会|管理委员会|街道办事处)$|\bpeople's governments?\b",
    ),
    ("bank", r"银行$|\bbank\b"),
    ("enterprise", r"(?:集团|公司|机场|港务局|码头|电厂)$|\b(?:company|group|corporation)\b"),
    # academies, associations, universities: 中国工程院, 省总工会
    ("other", r"(?:院|研究所|中心|协会|学会|联合会|商会|工会|妇联|科协|大学)$"),
    ("leading group", r"(?:领导小组|协调小组|工作小组|工作组|专班|指挥部|联席会议)(?:办公室)?$"),
    ("commission", r"(?:委员会|委|监会)$|\bcommission\b"),
    ("bureau", r"(?:局|署)$|\b(?:bureau|administration)\b"),
    ("department", r"(?:厅|部|办|办公室)$|\b(?:department|ministry|office)\b"),
    # a division named alone: 滨海新区, 和平区, X县
    ("government", r"(?:新区|自治州|自治县|地区|[区县市州盟旗])$"),
)
_RULES = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in KIND_RULES]

# National bodies printed without 国家: the ministries (…部), the general administrations
# (…总局, …总署) and the commissions known by their short names. A level prefix or a party
# committee before 部 makes the name a local one.
NATIONAL_FORMS = (
    r"^(?:国家|国务院|中共中央|中央|全国|中国)",
    rf"^(?!{_LEVEL}|各)[^委]*[^门]部$",
    rf"^(?!{_LEVEL}|各)[^委]*(?:总局|总署)$",
    r"^(?:银保监会|证监会|人民银行|国管局|金融监管总局|国铁集团)$",
    r"^(?:ministry of|national|state) ",
)
_NATIONAL = [re.compile(p, re.IGNORECASE) for p in NATIONAL_FORMS]

# Name forms that show a body's function (an id of functions.csv) where the function's own keys
# before an office head (…生态环境局, …发展改革委: graph/resolve.py reads those) do not: offices
# of vertically managed systems that print their place in the middle, and abbreviations.
FUNCTION_FORMS: tuple[tuple[str, str], ...] = (
    # 人民银行天津分行, 中国人民银行云南省分行, 人民银行乌鲁木齐中心支行
    ("central-bank", r"人民银行.+(?:分行|中心支行|支行|营业管理部)$"),
    # 国家金融监督管理总局陕西监管局
    ("financial-regulation", r"金融(?:监督管理|监管)总局.+(?:监管局|监管分局)$"),
    # the railway group's regional companies: 国铁济南局, 乌鲁木齐铁路局, …天津铁路办事处
    ("railway", r"^国铁.+局$|铁路(?:局|办事处)$"),
    # 市教委 = 市教育委员会
    ("education", r"教委$"),
)
_FUNCTION_FORMS = [(fid, re.compile(pattern)) for fid, pattern in FUNCTION_FORMS]
# Names that print a function's key but are another body: 省地方金融监管局 is the provincial
# government's own financial office, not the vertically managed financial regulator (the
# hand-checked real plans give it the level `province`, not `vertical`).
NOT_FUNCTION_FORMS = re.compile(r"地方金融")
# Kinds of body whose name shows no single function: a class of bodies, a leading group, a
# government, an academy or association, a party organ.
NO_FUNCTION_KINDS = frozenset({"collective", "leading group", "government", "other", "party organ"})
# A function key after one of these is the second half of a merged body: 工业信息化和商务局.
MERGED = ("和", "与", "及", "、")

# Functions whose offices outside the capital are vertically managed by the national body.
VERTICAL_FUNCTIONS = frozenset({"central-bank", "taxation", "meteorology"})


def normalise(printed: str, carried: str = "") -> str:
    """The form a body is known by: stray spaces removed (all of them between Chinese
    characters, runs of them elsewhere), the carried level prefix put back.

    >>> normalise("市发展改革 委")
    '市发展改革委'
    >>> normalise("气象局", carried="自治区")
    '自治区气象局'
    """
    name = " ".join(printed.split())
    name = re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", name)
    return carried + name


def body_kind(name: str) -> str:
    """The agency kind of a printed body (its notation in pk:AgencyKindScheme).

    >>> body_kind("人民银行天津分行"), body_kind("各州、市有关部门"), body_kind("省委宣传部")
    ('vertical office', 'government', 'party organ')
    """
    for kind, pattern in _RULES:
        if pattern.search(name):
            return kind
    return "other"


def is_national(name: str) -> bool:
    """A national body whatever plan prints it: 生态环境部, 市场监管总局, 证监会.

    >>> is_national("人力资源社会保障部"), is_national("省委宣传部"), is_national("各有关部门")
    (True, False, False)
    """
    return any(p.search(name) for p in _NATIONAL)


def function_forms(name: str) -> set[str]:
    """The functions FUNCTION_FORMS gives a name.

    >>> sorted(function_forms("人民银行天津分行")), sorted(function_forms("天津海事局"))
    (['central-bank'], [])
    """
    compact = re.sub(r"\s+", "", name)
    if NOT_FUNCTION_FORMS.search(compact):
        return set()
    return {fid for fid, pattern in _FUNCTION_FORMS if pattern.search(compact)}
