"""Run each command RUNS times after one warm-up; print median wall time, throughput and peak RSS.

Peak RSS comes from GNU time (%M) run as the parent of each command: measured with wait4() from
Python directly, a child's high-water mark starts at Python's own size (it survives fork+exec).
For a pipeline (`sh -c 'a | b'`) it is the largest process of the pipeline.
"""
import os, statistics, subprocess, sys, tempfile, time

out, runs = sys.argv[1], int(sys.argv[2])
tar, zst = os.path.join(out, "bench.tar"), os.path.join(out, "bench.tar.zst")
size = os.path.getsize(tar)
z = "target/release/zverify"
cmds = [
    ("openssl dgst -sha256 (.tar)", ["openssl", "dgst", "-sha256", tar]),
    ("sha256sum (.tar)", ["sha256sum", tar]),
    ("zverify check (.tar)", [z, "check", "--quiet", "--no-progress", tar]),
    ("zverify check (.tar.zst)", [z, "check", "--quiet", "--no-progress", zst]),
    ("zstd -dc | openssl dgst (.tar.zst)", ["sh", "-c", f"zstd -dc {zst} | openssl dgst -sha256"]),
]
zeros = os.path.join(out, "zeros", "bench.tar.zst")
if os.path.exists(zeros):
    cmds.append(("zverify check (zeros .tar.zst)", [z, "check", "--quiet", "--no-progress", zeros]))


def once(argv):
    with tempfile.NamedTemporaryFile("r") as stats:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-o", stats.name, "-f", "%M"] + argv,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        if p.returncode != 0:
            sys.exit(f"{argv} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
        return wall, int(stats.read().split()[-1])  # KiB


print(f"package: {size / 2**20:.0f} MiB .tar, {os.path.getsize(zst) / 2**20:.0f} MiB .tar.zst; "
      f"{runs} runs each after a warm-up; {os.cpu_count()} cores")
print(f"{'command':34} {'median s':>9} {'MB/s':>8} {'peak RSS MiB':>13}")
results = {}
for name, argv in cmds:
    once(argv)
    walls, rss = [], []
    for _ in range(runs):
        w, r = once(argv)
        walls.append(w)
        rss.append(r)
    med = statistics.median(walls)
    results[name] = (med, max(rss))
    print(f"{name:34} {med:9.3f} {size / med / 1e6:8.0f} {max(rss) / 1024:13.1f}")

base = results["openssl dgst -sha256 (.tar)"][0]
tar_t, tar_rss = results["zverify check (.tar)"]
zst_rss = results["zverify check (.tar.zst)"][1]
print()
print(f"zverify check .tar vs openssl dgst -sha256: {tar_t / base:.2f}x (target <= 1.5x)")
zeros_rss = results.get("zverify check (zeros .tar.zst)", (0, 0))[1]
print(f"zverify peak RSS: .tar {tar_rss / 1024:.1f} MiB, .tar.zst {zst_rss / 1024:.1f} MiB, "
      f"zeros .tar.zst ({os.path.getsize(zeros) if os.path.exists(zeros) else 0} bytes compressed) "
      f"{zeros_rss / 1024:.1f} MiB (target <= 64 MiB)")
