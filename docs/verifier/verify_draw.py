#!/usr/bin/env python3
"""Re-derives a Pingli draw without Pingli: the seed, the pool hash, the lottery's weights and
quotas, the sampled panel, its seat order, the alternates and every replacement.

    python3 verify_draw.py TRANSCRIPT.json     # `pingli transcript H-ID --format json`
    python3 verify_draw.py DRAW-RECORD.json    # `pingli draw run … --out draw.json`

Exit 0 when everything matches; 1 with the first difference named. Written from docs/draw.md
alone (section "Sampling, bit for bit"); Python 3 standard library only. It does not re-solve
the linear programs (`pingli verify-draw` does): it checks that the recorded lottery is a
lottery over panels that meet the quotas and that every probability follows from its weights.
"""
import hashlib
import hmac
import json
import sys

ALGORITHM = ("leximin-slots/hmac-drbg-sha256", 1)
DEPENDENT_ROUNDING = "dependent-rounding"
TWO_53 = 9007199254740992
EPSILON = 1e-9
U64_MAX = 2 ** 64 - 1


class Mismatch(Exception):
    """The first step whose result differs from the record."""


# -- canonical JSON (docs/record.md) ---------------------------------------------------------

def canonical(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        raise Mismatch("canonical JSON: a fractional number where none is expected")
    if isinstance(value, str):
        out = ['"']
        for ch in value:
            code = ord(ch)
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\r":
                out.append("\\r")
            elif ch == "\t":
                out.append("\\t")
            elif code == 8:
                out.append("\\b")
            elif code == 12:
                out.append("\\f")
            elif code < 0x20:
                out.append("\\u%04x" % code)
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(canonical(k) + ":" + canonical(value[k]) for k in keys) + "}"
    raise Mismatch("canonical JSON: unexpected value %r" % (value,))


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


# -- the DRBG and its integers (docs/draw.md, steps 1–3) ---------------------------------------

class HmacDrbg:
    """HMAC_DRBG with SHA-256 (NIST SP 800-90A §10.1.2): entropy input = the 32 seed bytes,
    nonce and personalisation string empty, no reseeding, no additional input."""

    def __init__(self, seed):
        self.key = bytes(32)
        self.value = b"\x01" * 32
        self._update(seed)

    def _mac(self, data):
        return hmac.new(self.key, data, hashlib.sha256).digest()

    def _update(self, provided):
        self.key = self._mac(self.value + b"\x00" + (provided or b""))
        self.value = self._mac(self.value)
        if provided:
            self.key = self._mac(self.value + b"\x01" + provided)
            self.value = self._mac(self.value)

    def generate(self, count):
        out = b""
        while len(out) < count:
            self.value = self._mac(self.value)
            out += self.value
        self._update(None)
        return out[:count]

    def uniform(self, bound):
        """Uniform in 0..bound-1: one generate(8) per try, big-endian, rejection above `limit`."""
        limit = U64_MAX - ((U64_MAX % bound) + 1) % bound
        while True:
            r = int.from_bytes(self.generate(8), "big")
            if r <= limit:
                return r % bound

    def choose(self, k, items):
        """A partial Fisher–Yates shuffle from the front: k distinct items in the order drawn."""
        pool = list(items)
        for i in range(min(k, len(pool))):
            j = i + self.uniform(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:min(k, len(pool))]


# -- the seed (docs/draw.md, "The seed") ---------------------------------------------------

def seed_text(record, hearing_id):
    seed = record["seed"]
    text = "pingli-draw-seed-v1\n%s\n%s\n%s\n%s\n" % (seed["mode"], hearing_id, record["poolHash"], record["spec"]["sha256"])
    for c in sorted(seed["contributions"], key=lambda c: c["label"].encode("utf-8")):
        text += c["label"] + "=" + c["secret"].replace("\n", "\\n") + "\n"
    return text


def seed_bytes(record, hearing_id):
    seed = record["seed"]
    for c in seed["contributions"]:
        if seed["mode"] == "commit-reveal":
            if sha256_hex(c["secret"].encode("utf-8")) != (c.get("commitment") or "").lower():
                raise Mismatch("seed: the secret of %s does not match its commitment" % c["label"])
    value = hashlib.sha256(seed_text(record, hearing_id).encode("utf-8")).digest()
    if value.hex() != seed["value"]:
        raise Mismatch("seed: recomputed %s, recorded %s" % (value.hex(), seed["value"]))
    return value


# -- the lottery: quotas and probabilities -------------------------------------------------

def values(person, attribute):
    if attribute == "category":
        return person["categories"]
    if attribute == "age-band":
        return [person["ageBand"]] if person.get("ageBand") is not None else []
    return [person[attribute]]


def quota_rows(spec, eligible):
    """One row per quota with a value; one per value present for `each_max` quotas."""
    rows = []
    for q in spec["quotas"]:
        if q.get("value") is not None:
            rows.append((q["attribute"], q["value"], q["min"], q["max"]))
        else:
            present = sorted({v for p in eligible for v in values(p, q["attribute"])})
            rows += [(q["attribute"], v, 0, q["max"]) for v in present]
    return rows


def check_lottery(record):
    lottery, spec = record["lottery"], record["spec"]
    eligible = {p["id"]: p for p in record["pool"]["eligible"]}
    slots = lottery["slots"]
    if sorted(i for s in slots for i in s) != sorted(eligible):
        raise Mismatch("lottery: the slots do not hold exactly the eligible people")
    rows = quota_rows(spec, list(eligible.values()))
    counts_of = []
    for s, members in enumerate(slots):
        memberships = {tuple(v in values(eligible[m], a) for (a, v, _, _) in rows) for m in members}
        if len(memberships) > 1:
            raise Mismatch("lottery: slot %d mixes people who count toward different quotas" % s)
        counts_of.append(next(iter(memberships)) if members else tuple(False for _ in rows))
    total = 0
    for n, c in enumerate(lottery["compositions"]):
        take = [0] * len(slots)
        for s, k in c["take"]:
            if not 0 <= s < len(slots) or k < 0 or k > len(slots[s]):
                raise Mismatch("lottery: composition %d takes from slot %d what it does not have" % (n, s))
            take[s] = k
        if sum(take) != spec["panelSize"]:
            raise Mismatch("lottery: composition %d has %d people, not %d" % (n, sum(take), spec["panelSize"]))
        for r, (attribute, value, low, high) in enumerate(rows):
            got = sum(take[s] for s in range(len(slots)) if counts_of[s][r])
            if not low <= got <= high:
                raise Mismatch("lottery: composition %d puts %d on %s = %s, outside [%d, %d]" % (n, got, attribute, value, low, high))
        if c["weight"] <= 0:
            raise Mismatch("lottery: composition %d has no weight" % n)
        total += c["weight"]
    if total != lottery["weightTotal"]:
        raise Mismatch("lottery: the weights add up to %d, recorded %d" % (total, lottery["weightTotal"]))
    expected = [0.0] * len(slots)
    for c in lottery["compositions"]:
        for s, k in c["take"]:
            expected[s] += float(c["weight"]) * float(k)
    for s, members in enumerate(slots):
        p = expected[s] / float(total) / float(len(members)) if members else 0.0
        for m in members:
            recorded = record["probabilities"].get(m)
            if recorded is None or abs(recorded - p) > 1e-12:
                raise Mismatch("probabilities: %s has %r from the weights, recorded %r" % (m, p, recorded))


def check_pool_hash(record):
    got = sha256_hex(canonical(record["pool"]).encode("utf-8"))
    if got != record["poolHash"]:
        raise Mismatch("pool hash: recomputed %s, recorded %s" % (got, record["poolHash"]))


# -- sampling (docs/draw.md, steps 4–9) -----------------------------------------------------

def dependent_rounding(vals, types, households, drbg):
    """Gandhi et al. 2006 on the bipartite graph types × households; the walk as docs/draw.md gives it."""
    n = len(vals)
    y = list(vals)

    def fractional(e):
        return EPSILON < y[e] < 1 - EPSILON

    for e in range(n):
        if not fractional(e):
            y[e] = 0.0 if y[e] < 0.5 else 1.0
    type_count = max(types) + 1 if types else 0
    vertex_count = type_count + (max(households) + 1 if households else 0)
    incident = [[] for _ in range(vertex_count)]
    for e in range(n):
        if fractional(e):
            incident[types[e]].append(e)
            incident[type_count + households[e]].append(e)

    def other(e, v):
        return type_count + households[e] if v == types[e] else types[e]

    def next_edge(v, exclude):
        for e in incident[v]:
            if e != exclude and fractional(e):
                return e
        return None

    start = 0
    while True:
        while start < n and not fractional(start):
            start += 1
        if start == n:
            break
        path = [start]
        verts = [other(start, types[start]), types[start]]
        position = {verts[0]: 0, verts[1]: 1}
        cycle = False
        while True:
            e = next_edge(verts[-1], path[-1])
            if e is None:
                break
            w = other(e, verts[-1])
            path.append(e)
            if w in position:
                path = path[position[w]:]
                cycle = True
                break
            position[w] = len(verts)
            verts.append(w)
        if not cycle:
            back, v, last, seen = [], verts[0], start, set(verts)
            while True:
                e = next_edge(v, last)
                if e is None:
                    break
                w = other(e, v)
                if w in seen:
                    break
                back.append(e)
                seen.add(w)
                v, last = w, e
            path = back[::-1] + path
        alpha = beta = float("inf")
        for k, e in enumerate(path):
            if k % 2 == 0:
                alpha, beta = min(alpha, 1 - y[e]), min(beta, y[e])
            else:
                alpha, beta = min(alpha, y[e]), min(beta, 1 - y[e])
        threshold = int(beta / (alpha + beta) * TWO_53)
        up = drbg.uniform(TWO_53) < threshold
        for k, e in enumerate(path):
            delta = (alpha if k % 2 == 0 else -alpha) if up else (-beta if k % 2 == 0 else beta)
            y[e] += delta
            if y[e] <= EPSILON:
                y[e] = 0.0
            elif y[e] >= 1 - EPSILON:
                y[e] = 1.0
    return [i for i in range(n) if y[i] == 1.0]


def sample(record, seed, alternates, trace=None):
    lottery, size = record["lottery"], record["spec"]["panelSize"]
    slots = lottery["slots"]
    drbg = HmacDrbg(seed)
    r = drbg.uniform(lottery["weightTotal"])
    cumulative, index = 0, len(lottery["compositions"]) - 1
    for i, c in enumerate(lottery["compositions"]):
        cumulative += c["weight"]
        if r < cumulative:
            index = i
            break
    chosen = lottery["compositions"][index]
    take = [0] * len(slots)
    for s, k in chosen["take"]:
        take[s] = k
    selected = []
    dependent = lottery.get("rounding") == DEPENDENT_ROUNDING
    if dependent:
        household_of = {m: h for h, members in enumerate(lottery.get("households") or []) for m in members}
        people, vals, types, households = [], [], [], []
        next_household = len(lottery.get("households") or [])
        for s, ids in enumerate(slots):
            for i in ids:
                people.append(i)
                vals.append(float(take[s]) / float(len(ids)))
                types.append(s)
                if i in household_of:
                    households.append(household_of[i])
                else:
                    households.append(next_household)
                    next_household += 1
        selected = [people[i] for i in dependent_rounding(vals, types, households, drbg)]
    in_class = set(range(len(slots))) if dependent else set()
    for cls in lottery["householdClasses"]:
        in_class.update(cls["slots"])
        chosen_households = drbg.choose(sum(take[s] for s in cls["slots"]), cls["households"])
        for s in cls["slots"]:
            members = set(slots[s])
            for _ in range(take[s]):
                household = chosen_households.pop(0)
                selected += drbg.choose(1, [m for m in household if m in members])
    for s in range(len(slots)):
        if s not in in_class:
            selected += drbg.choose(take[s], slots[s])
    if len(selected) != size:
        raise Mismatch("panel: the composition gives %d people, not %d" % (len(selected), size))
    panel = drbg.choose(size, sorted(selected))
    rest = sorted(p["id"] for p in record["pool"]["eligible"] if p["id"] not in set(panel))
    drawn = drbg.choose(alternates, rest)
    if trace is not None:
        trace.update(weightDraw=r, composition=index, selected=selected, panel=panel, alternates=drawn)
    return panel, drawn


def check_record(record, hearing_id=None):
    if record.get("format") != "pingli-draw-record":
        raise Mismatch("format: not a pingli-draw-record")
    algorithm = (record["algorithm"]["name"], record["algorithm"]["version"])
    if algorithm != ALGORITHM:
        raise Mismatch("algorithm: %s version %d is not the one this checker implements" % algorithm)
    hearing_id = hearing_id or record["hearingID"]
    if record["hearingID"] != hearing_id:
        raise Mismatch("hearing: the record was drawn for %s, not %s" % (record["hearingID"], hearing_id))
    check_pool_hash(record)
    seed = seed_bytes(record, hearing_id)
    check_lottery(record)
    panel, alternates = sample(record, seed, len(record["alternates"]))
    if panel != record["panel"]:
        raise Mismatch("panel (seat order): re-derived %s, recorded %s" % (panel, record["panel"]))
    if alternates != record["alternates"]:
        raise Mismatch("alternates: re-derived %s, recorded %s" % (alternates, record["alternates"]))


# -- replacements in a transcript (docs/draw.md, "Replacements") -----------------------------

def keeps_quotas(panel, spec):
    for q in spec["quotas"]:
        if q.get("value") is not None:
            n = sum(1 for p in panel if q["value"] in values(p, q["attribute"]))
            if not q["min"] <= n <= q["max"]:
                return False
        else:
            counts = {}
            for p in panel:
                for v in values(p, q["attribute"]):
                    counts[v] = counts.get(v, 0) + 1
            if any(c > q["max"] for c in counts.values()):
                return False
    households = [p["household"] for p in panel if p.get("household") is not None]
    return len(set(households)) == len(households)


def check_transcript(doc):
    hearing_id = doc["hearing_id"]
    spec, draw, seats, alternates, checked = None, None, {}, [], 0
    for event in doc["events"]:
        kind, payload, where = event["type"], event["payload"], "event %d (%s)" % (event["seq"], event["type"])
        try:
            if kind in ("opened", "spec-changed"):
                spec = payload["spec"]
            elif kind == "panel-drawn":
                draw = payload["record"]
                check_record(draw, hearing_id)
                seats = {i + 1: m for i, m in enumerate(draw["panel"])}
                alternates = list(draw["alternates"])
                checked += 1
            elif kind == "alternates-extended":
                record = payload["record"]
                check_record(record, hearing_id)
                if draw is None or record["panel"] != draw["panel"] or record["alternates"][:len(draw["alternates"])] != draw["alternates"]:
                    raise Mismatch("more alternates: the earlier alternates or the panel changed")
                used, called = set(seats.values()), set(draw["alternates"]) - set(alternates)
                draw = record
                alternates = [a for a in record["alternates"] if a not in used and a not in called]
                checked += 1
            elif kind in ("challenged", "absent") and draw is not None:
                seat = payload["seat"]
                by_id = {p["id"]: p for p in draw["pool"]["eligible"]}
                others = [by_id[m] for n, m in sorted(seats.items()) if n != seat and m in by_id]
                expected = next((a for a in alternates if a in by_id and keeps_quotas(others + [by_id[a]], spec)), None)
                if expected != payload["replaced_by"]:
                    raise Mismatch("replacement of seat %d: the rule gives %s, recorded %s" % (seat, expected, payload["replaced_by"]))
                seats[seat] = payload["replaced_by"]
                alternates.remove(payload["replaced_by"])
        except Mismatch as m:
            raise Mismatch("%s: %s" % (where, m))
        except (KeyError, TypeError, ValueError, IndexError) as e:
            raise Mismatch("%s: cannot be read (%s: %s)" % (where, type(e).__name__, e))
    return checked


def main(argv):
    if len(argv) == 3 and argv[1] == "--trace":
        # Each step's result for a draw record, as docs/draw.md's test vectors give them.
        with open(argv[2], encoding="utf-8") as f:
            record = json.load(f)
        seed = bytes.fromhex(record["seed"]["value"])
        drbg = HmacDrbg(seed)
        trace = {"seedText": seed_text(record, record["hearingID"]), "poolHash": sha256_hex(canonical(record["pool"]).encode("utf-8")),
                 "drbgFirstOutputs": [drbg.generate(8).hex() for _ in range(3)]}
        sample(record, seed, len(record["alternates"]), trace)
        print(json.dumps(trace, ensure_ascii=False, indent=1, sort_keys=True))
        return 0
    if len(argv) != 2:
        print("usage: verify_draw.py TRANSCRIPT.json|DRAW-RECORD.json  (or --trace DRAW-RECORD.json)", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("%s: cannot read JSON: %s" % (argv[1], e), file=sys.stderr)
        return 2
    try:
        if doc.get("format") == "pingli-transcript":
            n = check_transcript(doc)
            print("%s: %d draw record(s) and every replacement re-derived" % (doc["hearing_id"], n))
        else:
            check_record(doc)
            print("%s: seed, pool hash, lottery, panel and alternates re-derived" % doc.get("hearingID"))
    except Mismatch as m:
        print("MISMATCH %s" % m, file=sys.stderr)
        return 1
    except (KeyError, TypeError, ValueError, IndexError) as e:
        print("MISMATCH the record cannot be read (%s: %s)" % (type(e).__name__, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
