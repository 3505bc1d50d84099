"""Derive jura_territory.json from the npm package @etalab/decoupage-administratif.

Usage, from the repository root:

    cd /tmp && npm pack @etalab/decoupage-administratif && tar xzf etalab-decoupage-administratif-*.tgz
    python reference/data/extract_territory.py /tmp/package

The argument is the unpacked package (the folder holding package.json and data/).
Only the standard library is used, so the script runs without the project's virtualenv.
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

DEPARTEMENT = "39"
OUTPUT = Path(__file__).resolve().parent / "jura_territory.json"


def tidy(name: str) -> str:
    # The package has stray double spaces in a few EPCI names.
    return " ".join(name.split())


def extract(package_dir: Path) -> dict:
    package = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    communes = json.loads((package_dir / "data" / "communes.json").read_text(encoding="utf-8"))
    epcis = json.loads((package_dir / "data" / "epci.json").read_text(encoding="utf-8"))

    # Only current communes: "commune-deleguee" and "commune-associee" entries
    # are former communes merged into a current one and share its territory.
    jura = {
        c["code"]: c
        for c in communes
        if c.get("departement") == DEPARTEMENT and c.get("type") == "commune-actuelle"
    }

    epci_of: dict[str, list[str]] = {code: [] for code in jura}
    kept_epcis = []
    for epci in epcis:
        # An EPCI may straddle departments: keep it, with its Jura members only.
        members = [m["code"] for m in epci["membres"] if m["code"] in jura]
        if not members:
            continue
        kept_epcis.append({"siren": epci["code"], "name": tidy(epci["nom"]), "type": epci["type"]})
        for code in members:
            epci_of[code].append(epci["code"])

    # Delegated and associated communes: the names people still use ("Morez"), each with the
    # current commune it belongs to (its "chefLieu"). A delegated commune may share its code
    # with its current commune (Morez and Hauts de Bienne are both 39368): kept apart.
    kinds = {"commune-deleguee": "deleguee", "commune-associee": "associee"}
    former = [
        {
            "insee": c["code"],
            "name": tidy(c["nom"]),
            "kind": kinds[c["type"]],
            "commune": c["chefLieu"],
        }
        for c in communes
        if c.get("departement") == DEPARTEMENT and c.get("type") in kinds
    ]
    unknown = sorted(f["insee"] for f in former if f["commune"] not in jura)
    if unknown:
        raise SystemExit(f"Former communes whose current commune is not in the Jura: {unknown}")

    orphans = sorted(code for code, sirens in epci_of.items() if not sirens)
    doubles = sorted(code for code, sirens in epci_of.items() if len(sirens) > 1)
    if orphans or doubles:
        for code in orphans:
            print(f"Commune sans EPCI : {code} {jura[code]['nom']}", file=sys.stderr)
        for code in doubles:
            print(f"Commune dans plusieurs EPCI : {code} {jura[code]['nom']}", file=sys.stderr)
        raise SystemExit("Every commune must belong to exactly one EPCI: fix the extraction first.")

    return {
        "source": {
            "package": package["name"],
            "version": package["version"],
            "departement": DEPARTEMENT,
        },
        "epcis": sorted(kept_epcis, key=lambda e: e["siren"]),
        "communes": [
            {
                "insee": code,
                "name": tidy(jura[code]["nom"]),
                "postal_codes": sorted(jura[code].get("codesPostaux", [])),
                "population": jura[code].get("population"),
                "epci": epci_of[code][0],
            }
            for code in sorted(jura)
        ],
        "former_communes": sorted(former, key=lambda f: f["insee"]),
    }


def dump(territory: dict) -> str:
    """One record a line: compact, yet readable and diff-friendly."""

    def line(item: dict) -> str:
        return "    " + json.dumps(item, ensure_ascii=False)

    return "\n".join(
        [
            "{",
            f'  "source": {json.dumps(territory["source"], ensure_ascii=False)},',
            '  "epcis": [',
            ",\n".join(line(e) for e in territory["epcis"]),
            "  ],",
            '  "communes": [',
            ",\n".join(line(c) for c in territory["communes"]),
            "  ],",
            '  "former_communes": [',
            ",\n".join(line(f) for f in territory["former_communes"]),
            "  ]",
            "}",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "package_dir", type=Path, help="the unpacked npm package (holds package.json and data/)"
    )
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help=f"where to write (default: {OUTPUT.name})"
    )
    args = parser.parse_args()

    territory = extract(args.package_dir)
    args.output.write_text(dump(territory), encoding="utf-8")
    per_epci = Counter(c["epci"] for c in territory["communes"])
    print(
        f"{territory['source']['package']} {territory['source']['version']}: "
        f"{len(territory['communes'])} communes, {len(territory['epcis'])} EPCI, "
        f"{len(territory['former_communes'])} communes déléguées ou associées -> {args.output}"
    )
    for epci in territory["epcis"]:
        print(f"  {epci['siren']}  {per_epci[epci['siren']]:3d}  {epci['name']}")


if __name__ == "__main__":
    main()
