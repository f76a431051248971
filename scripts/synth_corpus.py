"""Write N synthetic plans of the genre, each in English and Chinese, for scale tests and
benchmarks: other provinces, their agencies (named from data/registries/functions.csv),
cities, sectors and the note phrasings of real plans, in the shape of the Henan plan.

    python scripts/synth_corpus.py 100 corpus/            # corpus/synth-0001-shanxi.en.txt ...
    python scripts/synth_corpus.py 5 corpus/ --seed 7     # another draw

Beside the plans it writes manifest.json: for every plan and task, the agency functions and
roles the notes state, so a test can check what plankg reads back.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.registry import Function, Registry, load_registry  # noqa: E402

FUNCTIONS = [
    "ecology-environment", "development-reform", "industry-it", "natural-resources",
    "housing-urban-rural", "transport", "agriculture-rural", "finance", "commerce",
    "science-technology", "education", "water-resources", "statistics", "forestry",
    "market-regulation", "sasac", "energy", "emergency-management",
]  # fmt: skip
TOPICS = [
    ("Pollution Reduction and Carbon Reduction Synergy", "减污降碳协同增效"),
    ("Carbon Peaking in the Industrial Sector", "工业领域碳达峰"),
    ("Clean Air and Low-carbon Transport", "空气质量改善和交通低碳发展"),
    ("Green and Low-carbon Development of Cities and Villages", "城乡建设绿色低碳发展"),
]
SECTIONS = [
    ("Coordinated promotion of source control", "协同推进源头防控"),
    ("Coordinated pollution and carbon reduction in the energy sector", "协同推进能源领域减污降碳"),
    (
        "Coordinated pollution and carbon reduction in the industrial sector",
        "协同推进工业领域减污降碳",
    ),
    ("Coordinated pollution and carbon reduction in transport", "协同推进交通领域减污降碳"),
    ("Coordinated promotion of green and low-carbon living", "协同推进绿色低碳生活"),
    ("Coordinated improvement of carbon management", "协同推进碳排放管理"),
]
SENTENCES = [
    ("Promote the upgrading of {sector} enterprises in {city} and eliminate coal-fired boilers "
     "under {n} steam tons per hour.", "推动{city_zh}{sector_zh}企业升级改造，淘汰{n}蒸吨/小时以下燃煤锅炉。"),
    ("Strictly control new capacity in {sector} and guide the orderly withdrawal of backward "
     "capacity.", "严格控制{sector_zh}新增产能，引导落后产能有序退出。"),
    ("Build demonstration projects for {sector} in {city}, and by 2025 complete the "
     "transformation of key enterprises.", "在{city_zh}建设{sector_zh}示范项目，到2025年完成重点企业改造。"),
    ("Improve the monitoring of greenhouse gas emissions from {sector} and share the data "
     "across departments.", "加强{sector_zh}温室气体排放监测，推动部门间数据共享。"),
    ("Support {city} in exploring low-carbon pilot zones and summarise replicable experience.",
     "支持{city_zh}探索建设低碳试点园区，总结可复制推广的经验。"),
]  # fmt: skip
ORGANISATION = [
    ("Strengthen organizational leadership", "加强组织领导"),
    ("Strengthen funding support", "加强资金支持"),
    ("Strengthen publicity and guidance", "加强宣传引导"),
]


def english_name(f: Function, province: str, rng: random.Random) -> str:
    """One of the spellings machine translation gives a provincial body."""
    name = f.name_en
    forms = [f"Provincial {name}", f"{province} Provincial {name}"]
    if name.startswith("Department of "):
        forms.append(f"Provincial {name.removeprefix('Department of ')} Department")
    return rng.choice(forms)


def chinese_name(f: Function, province_zh: str, rng: random.Random) -> str:
    return rng.choice([f"省{f.name_zh}", f"{province_zh}{f.name_zh}"])


def en_list(names: list[str]) -> str:
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def note(shape: str, names: dict[str, list[str]], zh: bool) -> str:
    """A responsibility note in one of the genre's phrasings."""
    lead = names["Lead"][0] if names["Lead"] else ""
    other = names.get("other", [""])[0]
    if zh:
        co = "、".join(names["CoResponsible"])
        if shape == "lead":
            return f"（{lead}牵头，{co}按职责分工负责）"
        if shape == "cooperate":
            return f"（{lead}牵头，{other}配合）"
        if shape == "support":
            return f"（{lead}牵头，{co}按职责分工负责，{other}支持）"
        return f"（{co}等按职责分工负责）" if shape == "open" else f"（{co}按职责分工负责）"
    co = en_list(names["CoResponsible"])
    if shape == "lead":
        return f"({lead} takes the lead, and {co} are responsible for the division of responsibilities)"
    if shape == "cooperate":
        return f"({lead} shall take the lead, {other} cooperates)"
    if shape == "support":
        return (
            f"({lead} takes the lead, {co} are responsible according to the division of duties, "
            f"with the support of {other})"
        )
    if shape == "open":
        return f"({', '.join(names['CoResponsible'])}, etc.)"
    return f"({co} are responsible for the division of responsibilities)"


def plan(index: int, registry: Registry, rng: random.Random) -> tuple[str, str, str, dict]:
    """(plan id, English text, Chinese text, manifest entry) of one synthetic plan."""
    province = rng.choice(sorted(registry.provinces(), key=lambda p: p.id))
    p_en, p_zh = province.name_en, province.name_zh
    cities = sorted((p for p in registry.places.values() if p.parent == province.id and p.type == "City"),
                    key=lambda p: p.id) or [province]  # fmt: skip
    sectors = sorted((s for s in registry.sectors.values() if s.broader and s.aliases_en and s.aliases_zh),
                     key=lambda s: s.id)  # fmt: skip
    topic_en, topic_zh = rng.choice(TOPICS)
    plan_id = f"synth-{index:04d}-{province.id}"
    en = [f"{p_en} Provincial Action Plan for {topic_en}", "",
          "1. General requirements", "",
          "(1) Targets", "",
          f"By the end of 2025, the synergy of pollution and carbon reduction in {p_en} will be improved.", "",
          "By 2030, a coordinated management system will be in place.", "",
          "2. Key tasks", ""]  # fmt: skip
    zh = [f"{p_zh}{topic_zh}行动方案", "", "一、总体要求", "（一）目标指标",
          "到2025年底，全省减污降碳协同增效水平明显提升。到2030年前，协同管理体系基本建立。", "",
          "二、重点任务"]  # fmt: skip
    tasks = []
    number = 0
    numerals = "一二三四五六七八九十"
    for s_index, (s_en, s_zh) in enumerate(rng.sample(SECTIONS, rng.randint(3, 6)), 1):
        en += [f"({s_index}) {s_en}", ""]
        zh += [f"（{numerals[s_index - 1]}）{s_zh}"]
        for _ in range(rng.randint(3, 5)):
            number += 1
            city, sector = rng.choice(cities), rng.choice(sectors)
            slots = {"city": city.name_en, "city_zh": city.name_zh, "n": rng.choice([10, 20, 35]),
                     "sector": sector.aliases_en[0], "sector_zh": sector.aliases_zh[0]}  # fmt: skip
            picked = rng.sample(SENTENCES, 2)
            body_en = " ".join(t[0].format(**slots) for t in picked)
            body_zh = "".join(t[1].format(**slots) for t in picked)
            shape = rng.choice(["lead", "lead", "co", "cooperate", "support", "open"])
            functions = rng.sample(FUNCTIONS, rng.randint(3, 6))
            roles: dict[str, list[str]] = {"Lead": [], "CoResponsible": []}
            if shape in ("lead", "cooperate", "support"):
                roles["Lead"] = functions[:1]
                roles["CoResponsible"] = functions[1:-1] if shape != "lead" else functions[1:]
                if shape != "lead":
                    roles["other"] = functions[-1:]
            else:
                roles["CoResponsible"] = functions
            if shape == "cooperate":
                roles["CoResponsible"] = []
            named_en = {
                r: [english_name(registry.functions[f], p_en, rng) for f in fs]
                for r, fs in roles.items()
            }
            named_zh = {
                r: [chinese_name(registry.functions[f], p_zh, rng) for f in fs]
                for r, fs in roles.items()
            }
            en += [f"{number}. {body_en} {note(shape, named_en, False)}", ""]
            zh += [f"{number}.{body_zh}{note(shape, named_zh, True)}"]
            other_role = {"cooperate": "Cooperating", "support": "Supporting"}.get(shape)
            tasks.append({"number": str(number), "lead": roles["Lead"], "co": roles["CoResponsible"],
                          other_role or "none": roles.get("other", []), "open_list": shape == "open",
                          "city": city.id, "sector": sector.id})  # fmt: skip
    en += ["3. Safeguard measures", ""]
    zh += ["", "三、保障措施"]
    for g_index, (g_en, g_zh) in enumerate(ORGANISATION, 1):
        lead = registry.functions["ecology-environment"]
        en += [f"({g_index}) {g_en}. Strengthen coordination and supervision. "
               f"({english_name(lead, p_en, rng)} takes the lead)", ""]  # fmt: skip
        zh += [
            f"（{numerals[g_index - 1]}）{g_zh}",
            f"加强统筹协调和督促检查。（{chinese_name(lead, p_zh, rng)}牵头）",
        ]
    manifest = {"plan": plan_id, "jurisdiction": province.id, "tasks": tasks}
    return plan_id, "\n".join(en) + "\n", "\n".join(zh) + "\n", manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many plans")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("n must be at least 1")
    registry = load_registry()
    rng = random.Random(args.seed)
    args.directory.mkdir(parents=True, exist_ok=True)
    manifest = []
    for i in range(1, args.n + 1):
        plan_id, en, zh, entry = plan(i, registry, rng)
        (args.directory / f"{plan_id}.en.txt").write_text(en, encoding="utf-8")
        (args.directory / f"{plan_id}.zh.txt").write_text(zh, encoding="utf-8")
        manifest.append(entry)
    (args.directory / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {args.n} plans ({2 * args.n} files) to {args.directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
