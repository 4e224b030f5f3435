#!/usr/bin/env python3
"""Lists the wrong fields of `vanthu eval --json` results, or, given --before, what changed.

    scripts/eval-wrong.py /tmp/h11.json [more.json ...]
    scripts/eval-wrong.py --before /tmp/old/h11.json /tmp/new/h11.json

With --before (one pair), every field whose value differs between the two runs is printed with
both values and whether it went right→wrong, wrong→right or wrong→wrong.
"""
import argparse
import json


def fields(path):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    return {(d["id"], name): v for d in report["details"] for name, v in d["fields"].items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="an earlier run's JSON to compare the one file with")
    parser.add_argument("json", nargs="+")
    args = parser.parse_args()
    if args.before:
        if len(args.json) != 1:
            parser.error("--before compares exactly one file")
        old, new = fields(args.before), fields(args.json[0])
        for key in sorted(old.keys() | new.keys()):
            a, b = old.get(key), new.get(key)
            if a is None or b is None or a["got"] == b["got"]:
                continue
            change = {(True, False): "right→wrong", (False, True): "wrong→right"}.get((a["ok"], b["ok"]), "wrong→wrong")
            print(f"{key[0]} {key[1]} {change} | was: {a['got']} | now: {b['got']} | truth: {b['truth']}")
        return
    for path in args.json:
        for (doc, name), v in sorted(fields(path).items()):
            if not v["ok"]:
                print(f"{doc} {name} | got: {v['got']} | truth: {v['truth']}")


if __name__ == "__main__":
    main()
