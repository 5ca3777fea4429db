"""Writes a synthetic case of N events (3 claims each: mixed shapes, open
tails, points; 50 regions) for the scale benchmark.

usage: python3 gen_scale.py N OUT_DIR
"""
import os
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
rnd = random.Random(1)
with open(os.path.join(out, "events.csv"), "w") as f:
    f.write("id,name,date,place,region,description\n")
    for i in range(n):
        f.write(f"e{i},event {i},2023-01-01,,r{i % 50},\n")
with open(os.path.join(out, "sources.csv"), "w") as f:
    f.write("id,name,kind,trust,description\n")
    for k, kind in enumerate(["official", "belligerent", "local", "wire", "media"]):
        f.write(f"s{k},source {k},{kind},{0.3 + 0.1 * k:.1f},\n")
shapes = ["", "loguniform", "triangular"]
with open(os.path.join(out, "claims.csv"), "w") as f:
    f.write("id,event,category,source,figure,low,high,shape\n")
    for i in range(n):
        base = rnd.randint(3, 300)
        for j in range(3):
            kind = rnd.random()
            if kind < 0.3:  # open tail
                f.write(f"c{i}-{j},e{i},killed,s{j},au moins {base},,,\n")
            elif kind < 0.5:  # point
                f.write(f"c{i}-{j},e{i},killed,s{j},{base + j},,,\n")
            else:  # closed range, mixed shapes
                lo, hi = base, base * rnd.randint(2, 4)
                f.write(f"c{i}-{j},e{i},killed,s{j},entre {lo} et {hi},,,{rnd.choice(shapes)}\n")
