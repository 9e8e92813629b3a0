#!/usr/bin/python3
"""PyTorch side of the RNN Workbench benchmark.

Usage: /usr/bin/python3 bench/torch_bench.py workloads.json [--dtype float64|float32] [--threads N]
workloads.json is a list of {"name", "m", "hidden": [n1, ...], "l", "T", "P", "epochs"}.
Defaults: float64, 1 thread. With N > 1 threads, OpenMP waits passively (OMP_WAIT_POLICY=PASSIVE) so idle
threads do not spin on the shared cores.
For each workload: a network in that dtype with sigmoid everywhere, recurrent hidden layers with bias, a
non-recurrent output layer with bias, the sse loss E = sum 1/2 (y - z)^2, the exact gradient (autograd
through all T steps) and full-batch gradient descent with c = 0.01. One epoch = forward over all P sequences
batched together ([P, n] per step, explicit loop over t, torch matmuls), backward, update.
One warm-up epoch, then `epochs` timed epochs. Prints one JSON object per line:
{"name", "secondsPerEpoch", "threads", "dtype", "torch": version}. Without torch: {"error": ...}, exit status 0.
"""
import json
import os
import sys
import time


def option(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


DTYPE = option("--dtype", "float64")
THREADS = int(option("--threads", "1"))
if DTYPE not in ("float64", "float32") or THREADS < 1:
    sys.exit(f"usage: {sys.argv[0]} workloads.json [--dtype float64|float32] [--threads N]")

# Hold BLAS (Debian's torch uses the system OpenBLAS) and OpenMP to the same thread count; set before
# importing torch.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(THREADS)
if THREADS > 1:
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"

LEARNING_RATE = 0.01
INIT_SCALE = 0.3


def main():
    try:
        import torch
    except Exception as e:  # noqa: BLE001 - any import failure means "no torch here"
        print(json.dumps({"error": f"cannot import torch: {e}"}))
        return 0
    torch.set_num_threads(THREADS)
    dtype = torch.float64 if DTYPE == "float64" else torch.float32

    with open(sys.argv[1]) as f:
        workloads = json.load(f)

    for wl in workloads:
        gen = torch.Generator().manual_seed(1)
        m, hidden, l, T, P, epochs = wl["m"], list(wl["hidden"]), wl["l"], wl["T"], wl["P"], wl["epochs"]
        sizes = [m] + hidden + [l]
        rand = lambda *shape: ((torch.rand(*shape, generator=gen, dtype=dtype) * 2 - 1) * INIT_SCALE).requires_grad_(True)
        W, V, b = [], [], []  # per computing layer k = 0..R (layer r = k + 1)
        for k in range(len(sizes) - 1):
            n_in, n = sizes[k], sizes[k + 1]
            W.append(rand(n, n_in))
            V.append(rand(n, n) if k < len(hidden) else None)  # hidden recurrent, output not
            b.append(rand(n))
        params = [p for p in W + V + b if p is not None]
        u = torch.rand(T, P, m, generator=gen, dtype=dtype).round()  # {0, 1} inputs
        z = torch.rand(T, P, l, generator=gen, dtype=dtype)

        def epoch():
            state = [torch.zeros(P, n, dtype=dtype) for n in sizes[1:]]
            E = torch.zeros((), dtype=dtype)
            for t in range(T):
                x = u[t]
                for k in range(len(W)):
                    s = torch.addmm(b[k], x, W[k].t())  # b + x W^T, x is [P, n_in]
                    if V[k] is not None:
                        s = s + state[k] @ V[k].t()
                    x = torch.sigmoid(s)
                    state[k] = x
                E = E + 0.5 * ((x - z[t]) ** 2).sum()
            for p in params:
                p.grad = None
            E.backward()
            with torch.no_grad():
                for p in params:
                    p -= LEARNING_RATE * p.grad
            return E.item()

        epoch()  # warm-up
        start = time.perf_counter()
        for _ in range(epochs):
            epoch()
        seconds = (time.perf_counter() - start) / max(epochs, 1)
        print(json.dumps({"name": wl["name"], "secondsPerEpoch": seconds, "threads": THREADS, "dtype": DTYPE, "torch": torch.__version__}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
