"""Same benchmark as lib/bench/engine.ts in PyTorch (run by lib/bench/torch.ts with Debian's python3).

Reads a JSON config from argv[1]; prints one JSON object per model on stdout.
"""
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402

torch.set_num_threads(1)
torch.manual_seed(0)


class Net(torch.nn.Module):
    def __init__(self, s):
        super().__init__()
        cls = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[s["cell"]]
        self.rnn = cls(s["inputSize"], s["hiddenSize"], s["layers"], batch_first=True,
                       bidirectional=s["bidirectional"], dropout=s["dropout"] if s["layers"] > 1 else 0.0)
        self.fc = torch.nn.Linear(s["hiddenSize"] * (2 if s["bidirectional"] else 1), s["classes"])

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


def time_loop(step, batches, warmup, max_seconds, warmup_seconds):
    w0 = time.perf_counter()
    i = 0
    while True:
        step(i)
        i += 1
        if i >= warmup or time.perf_counter() - w0 >= warmup_seconds:
            break
    t0 = time.perf_counter()
    c0 = time.process_time()
    n = 0
    while n < batches:
        step(i + n)
        n += 1
        if time.perf_counter() - t0 > max_seconds:
            break
    return n, time.perf_counter() - t0, time.process_time() - c0


def bench(s, cfg):
    B, T = cfg["batchSize"], cfg["steps"]
    net = Net(s)
    opt = torch.optim.AdamW(net.parameters())
    counts = torch.tensor([700.0, 150.0, 60.0])
    weight = 1.0 / torch.log1p(counts)
    data = [(torch.randn(B, T, s["inputSize"]), torch.randint(0, s["classes"], (B,))) for _ in range(4)]

    def train(i):
        x, y = data[i % len(data)]
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y, weight=weight)
        loss.backward()
        opt.step()

    net.train()
    tn, ts, tc = time_loop(train, cfg["batches"], cfg["warmup"], cfg["maxSeconds"], cfg["warmupSeconds"])
    net.eval()

    def infer(i):
        with torch.no_grad():
            net(data[i % len(data)][0])

    n, s_, c_ = time_loop(infer, cfg["batches"], cfg["warmup"], cfg["maxSeconds"], cfg["warmupSeconds"])
    return {"trainWps": tn * B / ts, "inferWps": n * B / s_, "trainCpuWps": tn * B / tc, "inferCpuWps": n * B / c_,
            "trainBatches": tn, "inferBatches": n}


def main():
    cfg = json.loads(sys.argv[1])
    for m in cfg["models"]:
        r = bench(m["spec"], cfg)
        r["name"] = m["name"]
        r["torch"] = torch.__version__
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
