"""Shared index on a Redis server: ``--index redis://[:password@]host:port/db``.

Our own key layout rather than datasketch's Redis storage, because an index
write must be one atomic unit across buckets *and* entries (datasketch
writes bucket sets only, in a pipeline that is not a transaction, and keeps
no per-article record), and because concurrent writers need a check-and-set
on exactly the buckets they read.  Keys (prefix ``normtool:``, or
``?prefix=NAME`` in the URL)::

    meta            hash  setting -> value (fingerprint parameters)
    ids             zset  every entry id (score 0: ordered by id)
    e:<id>          hash  h content hash, c cluster, k canonical id, d date,
                          a added, p payload, b bucket hashes (8 bytes each),
                          n serial number, r relation, s similarity
    serial          int   last serial number given out
    n               hash  serial number -> id
    b:<8 bytes>     set   serial numbers of the entries in one LSH bucket
    c:<cluster>     set   ids in one story
    stories         zset  cluster -> newest ``added`` (retention)

Timeouts: connecting and every reply are bounded by ``timeout`` seconds
(``--index-timeout``; ``?socket_timeout=`` and ``?socket_connect_timeout=``
in the URL win) and a timed-out command is not retried, so a stopped or
unreachable server is one ``IndexFailure`` line within that time, never a
hang (a retried commit script could also apply twice).

Buckets hold integer serial numbers rather than ids so that Redis keeps
them as compact intsets: a batch adds ~100 buckets per article, and this
layout halves their memory.

Concurrency: writers never take a lock.  Every read a transaction makes
is recorded: the size of each bucket (and story) set it read, and the
content hash, cluster and canonical of each entry it read (or that it was
absent): buckets in one atomic Lua read, entries in MULTI/EXEC snapshots.  ``commit()`` sends one Lua
script that first re-checks all of these and only then applies every
write; Redis runs a script atomically, so either the reads still hold and
the whole batch lands, or nothing is written and ``commit()`` raises
``IndexConflict`` and the caller re-reads and decides again.  So when two
processes race to keep the same story (same buckets), the second one's
check fails, it re-reads, finds the first one's canonical and attaches to
it: two processes never both keep the same story.  (WATCH would do the same,
but Redis checks each WATCHed key against all the others, which is
quadratic for the ~100 buckets x 1,000 articles of a batch.)  Writes are
buffered in this process until commit, so a lost connection or a killed run
writes nothing.
"""
from __future__ import annotations

import struct
from typing import Iterable, Iterator, Sequence
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import redis as redis_lib
from redis.backoff import NoBackoff
from redis.retry import Retry

from ..errors import IndexFailure
from .base import (IndexBackend, IndexConflict, IndexEntry, bucket_hashes, first_members,
                   pack_hashes, rank_candidates, unpack_hashes)

# Query: for each signature the union of its buckets, and every bucket's size
# (one atomic read, so the sizes match what the unions saw).
QUERY_LUA = """
local P = ARGV[1]
local i, unions, cards = 3, {}, {}
for g = 1, tonumber(ARGV[2]) do
  local n = tonumber(ARGV[i]); i = i + 1
  local keys = {}
  for q = 1, n do
    keys[q] = ARGV[i + q - 1]
    cards[#cards + 1] = struct.pack('>I4', redis.call('SCARD', keys[q]))
  end
  i = i + n
  local ids = {}
  if n > 0 then
    local serials = redis.call('SUNION', unpack(keys))
    for s = 1, #serials, 1000 do
      local names = redis.call('HMGET', P .. 'n', unpack(serials, s, math.min(s + 999, #serials)))
      for q = 1, #names do if names[q] then ids[#ids + 1] = names[q] end end
    end
  end
  unions[g] = ids
end
return {unions, table.concat(cards)}
"""

# Candidates: for each bucket its size and its newest members (the highest
# serial numbers; all of them when it holds no more than ARGV[2]), then
# the id of every serial returned.  One atomic read, like QUERY_LUA.
CANDIDATES_LUA = """
local P, cap = ARGV[1], tonumber(ARGV[2])
local cards, lists, seen, serials = {}, {}, {}, {}
for q = 3, #ARGV do
  local n = redis.call('SCARD', ARGV[q])
  cards[#cards + 1] = struct.pack('>I4', n)
  local members
  if cap < 0 or n <= cap then members = redis.call('SMEMBERS', ARGV[q])
  else members = redis.call('SORT', ARGV[q], 'DESC', 'LIMIT', 0, cap) end
  lists[#lists + 1] = members
  for _, s in ipairs(members) do
    if not seen[s] then seen[s] = true; serials[#serials + 1] = s end
  end
end
local names = {}
for s = 1, #serials, 1000 do
  local got = redis.call('HMGET', P .. 'n', unpack(serials, s, math.min(s + 999, #serials)))
  for q = 1, #got do names[#names + 1] = got[q] or '' end
end
return {table.concat(cards), lists, serials, names}
"""

# Commit: check every recorded read, then apply every write (atomic in Redis).
COMMIT_LUA = """
local P = ARGV[1]
local i = 2
local function take()
  local v = ARGV[i]; i = i + 1; return v
end
for _ = 1, tonumber(take()) do            -- set sizes read
  local key, n = take(), tonumber(take())
  if redis.call('SCARD', key) ~= n then return 0 end
end
for _ = 1, tonumber(take()) do            -- entries read: h, c, k (or absent)
  local key, want = take(), take()
  local v = redis.call('HMGET', key, 'h', 'c', 'k')
  local got = ''
  if v[1] then got = v[1] .. '\\0' .. v[2] .. '\\0' .. v[3] end
  if got ~= want then return 0 end
end
for _ = 1, tonumber(take()) do            -- meta read
  local field, want = take(), take()
  if (redis.call('HGET', P .. 'meta', field) or '') ~= want then return 0 end
end
local touched = {}
for _ = 1, tonumber(take()) do            -- removals: id, cluster, bucket keys
  local id, cluster, nk = take(), take(), tonumber(take())
  local serial = redis.call('HGET', P .. 'e:' .. id, 'n')
  for _ = 1, nk do
    local key = take()
    if serial then redis.call('SREM', key, serial) end
  end
  if serial then redis.call('HDEL', P .. 'n', serial) end
  redis.call('SREM', P .. 'c:' .. cluster, id)
  touched[cluster] = true
  redis.call('DEL', P .. 'e:' .. id)
  redis.call('ZREM', P .. 'ids', id)
end
for _ = 1, tonumber(take()) do            -- puts
  local id, h, c, k, d, a, p, b = take(), take(), take(), take(), take(), take(), take(), take()
  local r, s = take(), take()
  local key = P .. 'e:' .. id
  local serial = redis.call('INCR', P .. 'serial')
  redis.call('HSET', key, 'h', h, 'c', c, 'k', k, 'a', a, 'p', p, 'b', b, 'n', serial)
  if d ~= '' then redis.call('HSET', key, 'd', string.sub(d, 2)) end
  if r ~= '' then redis.call('HSET', key, 'r', string.sub(r, 2), 's', s) end
  redis.call('HSET', P .. 'n', serial, id)
  for _ = 1, tonumber(take()) do redis.call('SADD', take(), serial) end
  redis.call('SADD', P .. 'c:' .. c, id)
  redis.call('ZADD', P .. 'ids', 0, id)
  redis.call('ZADD', P .. 'stories', tonumber(a), c)
  touched[c] = nil
end
for cluster, _ in pairs(touched) do       -- stories that lost members
  local newest = nil
  for _, id in ipairs(redis.call('SMEMBERS', P .. 'c:' .. cluster)) do
    local a = tonumber(redis.call('HGET', P .. 'e:' .. id, 'a'))
    if newest == nil or a > newest then newest = a end
  end
  if newest == nil then redis.call('ZREM', P .. 'stories', cluster)
  else redis.call('ZADD', P .. 'stories', newest, cluster) end
end
for _ = 1, tonumber(take()) do            -- meta writes
  local field, value = take(), take()
  redis.call('HSET', P .. 'meta', field, value)
end
return 1
"""


DEFAULT_TIMEOUT = 20.0   # seconds to connect, and to wait for any one reply


class RedisIndex(IndexBackend):
    """Buckets and entries on a Redis server, safe for concurrent writers."""

    kind = "redis"

    def __init__(self, url: str, timeout: float | None = None):
        self.location = _redact(url)
        wait = DEFAULT_TIMEOUT if timeout is None else timeout
        try:
            parts = urlsplit(url)
            parts.port      # noqa: B018 - raises on a port that is no number or out of range
            query = parse_qs(parts.query)
            self.prefix = (query.pop("prefix", ["normtool"])[0] + ":").encode()
            clean_url = urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
            self._r = redis_lib.Redis.from_url(clean_url, socket_timeout=wait,
                                               socket_connect_timeout=wait,
                                               retry=Retry(NoBackoff(), 0))
        except ValueError as exc:
            raise IndexFailure(f"index {self.location}: bad URL: {_reason(exc)}") from None
        self._bprefix = self.prefix + b"b:"
        try:
            self._r.ping()
        except (redis_lib.RedisError, ValueError) as exc:
            raise IndexFailure(f"index {self.location}: cannot reach Redis: {_reason(exc)}"
                               ) from None
        self._commit_script = self._r.register_script(COMMIT_LUA)
        self._query_script = self._r.register_script(QUERY_LUA)
        self._candidates_script = self._r.register_script(CANDIDATES_LUA)
        self._reset_pending()

    # -- key helpers ------------------------------------------------------
    def _k(self, *parts: str | bytes) -> bytes:
        return self.prefix + b"".join(p.encode() if isinstance(p, str) else p for p in parts)

    def _bk(self, h: int) -> bytes:
        return self._bprefix + h.to_bytes(8, "big", signed=True)

    def _reset_pending(self) -> None:
        # id -> (entry, bucket hashes) to write, or None to remove; in put order
        self._final: dict[str, tuple[IndexEntry, list[int]] | None] = {}
        # id -> committed (cluster, bucket hashes, serial), or None: absent
        self._orig: dict[str, tuple[str, list[int], int] | None] = {}
        self._meta: dict[str, str] = {}
        # What this transaction read, re-checked at commit.
        self._cards: dict[bytes, int] = {}
        self._seen_entries: dict[bytes, bytes] = {}
        self._seen_meta: dict[str, str] = {}

    def _call(self, fn, *args):
        try:
            return fn(*args)
        except redis_lib.RedisError as exc:
            raise IndexFailure(f"index {self.location}: Redis failed: {_reason(exc)}") from None

    def _snapshot(self, build) -> list:
        """Run the reads ``build`` queues as one MULTI/EXEC (a consistent view)."""
        pipe = self._r.pipeline(transaction=True)
        build(pipe)
        return self._call(pipe.execute)

    def _record_entry(self, key: bytes, h, c, k) -> None:
        if key not in self._seen_entries:
            self._seen_entries[key] = b"" if h is None else b"\0".join((h, c, k))

    # -- buckets ----------------------------------------------------------
    def query_buckets(self, band_keys: Sequence[bytes]) -> set[str]:
        return self.query_buckets_many([band_keys])[0]

    def query_buckets_many(self, keys_list: Sequence[Sequence[bytes]]) -> list[set[str]]:
        hashes_list = [bucket_hashes(keys) for keys in keys_list]
        args: list = [self.prefix, len(hashes_list)]
        for hs in hashes_list:
            args += [len(hs)] + [self._bk(h) for h in hs]
        unions, cards = self._call(self._query_script, [], args) if any(hashes_list) \
            else ([[] for _ in hashes_list], [])
        flat = iter(struct.unpack(f">{len(cards) // 4}I", cards) if cards else ())
        for hs in hashes_list:
            for h in hs:
                self._cards.setdefault(self._bk(h), next(flat))
        out = []
        for hs, members in zip(hashes_list, unions):
            found = {m.decode() for m in members}
            # Overlay this transaction's own uncommitted writes.
            hset = set(hs)
            for i, state in self._final.items():
                found.discard(i)
                if state is not None and hset.intersection(state[1]):
                    found.add(i)
            out.append(found)
        return out

    def query_candidates(self, keys_list, limit=None, bucket_limit=None,
                         weak_limit=None) -> list[list[str]]:
        """Capped bucket reads in one Lua call; ranking here, over this
        transaction's own writes too (a pending put counts as the newest)."""
        hashes_list = [bucket_hashes(keys) for keys in keys_list]
        distinct = list(dict.fromkeys(h for hs in hashes_list for h in hs))
        # Committed entries this transaction replaces or removes: a capped
        # bucket is read that much further so that they can be left out.
        gone = {self._orig[i][2] for i in self._final if self._orig.get(i) is not None}
        members: dict[int, list[tuple[int, str]]] = {}
        if distinct:
            cap = -1 if bucket_limit is None else bucket_limit + len(gone)
            cards, lists, serials, names = self._call(
                self._candidates_script, [], [self.prefix, cap] + [self._bk(h) for h in distinct])
            name_of = {int(s): n.decode() for s, n in zip(serials, names) if n}
            for h, card, got in zip(distinct, struct.unpack(f">{len(distinct)}I", cards), lists):
                self._cards.setdefault(self._bk(h), card)
                members[h] = [(int(s), name_of[int(s)]) for s in got
                              if int(s) not in gone and int(s) in name_of]
        top = 1 << 62     # pending puts come after every committed entry, in put order
        for pos, (i, state) in enumerate(self._final.items()):
            if state is not None:
                for h in state[1]:
                    if h in members:
                        members[h].append((top + pos, i))
        return [rank_candidates([first_members(members[h], bucket_limit) for h in hs],
                                limit, weak_limit)
                for hs in hashes_list]

    # -- entries ----------------------------------------------------------
    def _load_orig(self, ids: Iterable[str]) -> None:
        """Remember the committed cluster, buckets and serial of ids about to change."""
        new = [i for i in dict.fromkeys(ids) if i not in self._orig]
        if not new:
            return
        rows = self._snapshot(lambda p: [p.hmget(self._k("e:", i), "h", "c", "k", "b", "n")
                                         for i in new])
        for i, (h, c, k, blob, serial) in zip(new, rows):
            self._record_entry(self._k("e:", i), h, c, k)
            self._orig[i] = None if c is None else (c.decode(), unpack_hashes(blob),
                                                    int(serial))

    def put(self, entry: IndexEntry, band_keys: Sequence[bytes] = ()) -> None:
        self._load_orig([entry.id])
        self._final.pop(entry.id, None)     # a replaced entry is put anew (last)
        self._final[entry.id] = (entry, bucket_hashes(band_keys))

    def get_many(self, ids: Iterable[str], payload: bool = True) -> dict[str, IndexEntry]:
        ids = list(dict.fromkeys(ids))
        out: dict[str, IndexEntry] = {}
        fetch = [i for i in ids if i not in self._final]
        fields = ["h", "c", "k", "d", "a", "r", "s", "b", "n"] + (["p"] if payload else [])
        if fetch:
            rows = self._snapshot(lambda p: [p.hmget(self._k("e:", i), *fields) for i in fetch])
            for i, values in zip(fetch, rows):
                row = {f.encode(): v for f, v in zip(fields, values) if v is not None}
                self._record_entry(self._k("e:", i), row.get(b"h"), row.get(b"c"),
                                   row.get(b"k"))
                if i not in self._orig:
                    self._orig[i] = (row[b"c"].decode(), unpack_hashes(row[b"b"]),
                                     int(row[b"n"])) if row else None
                if row:
                    out[i] = _entry(i, row)
        for i in ids:
            state = self._final.get(i)
            if state is not None:
                out[i] = state[0] if payload else _strip(state[0])
        return {i: out[i] for i in ids if i in out}

    def entries(self, payload: bool = True) -> Iterator[IndexEntry]:
        ids = [m.decode() for m in self._call(self._r.zrange, self._k("ids"), 0, -1)]
        ids = sorted(set(ids) - set(self._final)
                     | {i for i, s in self._final.items() if s is not None})
        fields = ["h", "c", "k", "d", "a", "r", "s"] + (["p"] if payload else [])
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            pipe = self._r.pipeline(transaction=False)
            for i in chunk:
                pipe.hmget(self._k("e:", i), *fields)
            rows = self._call(pipe.execute)
            for i, row in zip(chunk, rows):
                state = self._final.get(i)
                if state is not None:
                    yield state[0] if payload else _strip(state[0])
                elif row[0] is not None:
                    yield _entry(i, dict(zip((f.encode() for f in fields), row)))

    def remove(self, article_id: str) -> None:
        self._load_orig([article_id])
        if self._orig[article_id] is not None or self._final.get(article_id) is not None:
            self._final[article_id] = None

    def expire(self, cutoff: float) -> list[str]:
        clusters = [c.decode() for c in self._call(
            self._r.zrangebyscore, self._k("stories"), "-inf", f"({cutoff!r}")]
        if not clusters:
            return []
        members = self._snapshot(lambda p: [p.smembers(self._k("c:", c)) for c in clusters])
        for c, ms in zip(clusters, members):
            self._cards.setdefault(self._k("c:", c), len(ms))
        gone = sorted({m.decode() for ms in members for m in ms})
        self._load_orig(gone)
        for i in gone:
            if self._orig[i] is not None or self._final.get(i) is not None:
                self._final[i] = None
        return gone

    def bucket_ids(self) -> set[str]:
        found: set[str] = set()
        keys = self._call(lambda: list(self._r.scan_iter(match=self._k("b:*"), count=1000)))
        for start in range(0, len(keys), 1000):
            pipe = self._r.pipeline(transaction=False)
            for k in keys[start:start + 1000]:
                pipe.smembers(k)
            for ms in self._call(pipe.execute):
                found |= set(ms)
        serials = sorted(found)
        names: set[str] = set()
        for start in range(0, len(serials), 1000):
            chunk = serials[start:start + 1000]
            got = self._call(self._r.hmget, self._k("n"), chunk)
            names |= {n.decode() if n is not None else f"#serial {s.decode()}"
                      for s, n in zip(chunk, got)}
        return names

    def get_meta(self, key: str) -> str | None:
        if key in self._meta:
            return self._meta[key]
        value = self._call(self._r.hget, self._k("meta"), key)
        value = None if value is None else value.decode()
        self._seen_meta.setdefault(key, value or "")
        return value

    def set_meta(self, key: str, value: str) -> None:
        self._meta[key] = value

    # -- transactions -----------------------------------------------------
    def commit(self) -> None:
        if not self._final and not self._meta:
            self.rollback()
            return
        args: list = [self.prefix, len(self._cards)]
        for key, n in self._cards.items():
            args += [key, n]
        args.append(len(self._seen_entries))
        for key, want in self._seen_entries.items():
            args += [key, want]
        args.append(len(self._seen_meta))
        for key, want in self._seen_meta.items():
            args += [key, want]
        removals = [(i, self._orig[i]) for i in sorted(self._final)
                    if self._orig.get(i) is not None]
        args.append(len(removals))
        for i, (cluster, hashes, _) in removals:
            args += [i, cluster, len(hashes)] + [self._bk(h) for h in hashes]
        # Serial numbers are given in put order (the indexing order of
        # ``query_candidates``, as SQLite's entry numbers).
        puts = [(i, s) for i, s in self._final.items() if s is not None]
        args.append(len(puts))
        for i, (e, hashes) in puts:
            args += [i, e.content_hash, e.cluster, e.canonical_id,
                     "" if e.date is None else "=" + e.date, repr(float(e.added)), e.payload,
                     pack_hashes(hashes),
                     "" if e.relation is None else "=" + e.relation,
                     "" if e.similarity is None else repr(float(e.similarity)),
                     len(hashes)] + [self._bk(h) for h in hashes]
        args.append(len(self._meta))
        for key, value in sorted(self._meta.items()):
            args += [key, value]
        try:
            ok = self._call(self._commit_script, [], args)
        finally:
            self._reset_pending()
        if not ok:
            raise IndexConflict(f"index {self.location}: changed by another writer")

    def rollback(self) -> None:
        self._reset_pending()

    def stats(self, sample: int = 200) -> dict:
        """Counts, and Redis memory of the index's keys.

        Memory is exact up to ``sample`` articles; beyond, it is estimated
        from that many random articles, each charged its entry, its share
        of every bucket and story set it is in, plus the shared keys.
        """
        articles = self._call(self._r.zcard, self._k("ids"))
        clusters = self._call(self._r.zcard, self._k("stories"))
        ids = [m.decode() for m in (self._call(self._r.zrandmember, self._k("ids"), sample)
                                    or [])] if articles else []
        rows = self._snapshot(lambda p: [p.hmget(self._k("e:", i), "b", "c") for i in ids])
        keys: list[tuple[bytes, int]] = []       # (key, entries sharing it)
        for i, (blob, cluster) in zip(ids, rows):
            keys.append((self._k("e:", i), 1))
            keys += [(self._bk(h), 0) for h in unpack_hashes(blob or b"")]
            if cluster is not None:
                keys.append((self._k("c:", cluster), 0))
        pipe = self._r.pipeline(transaction=False)
        for key, n in keys:
            pipe.memory_usage(key, samples=0)
            if n == 0:
                pipe.scard(key)
        res = iter(self._call(pipe.execute))
        per = 0.0
        for key, n in keys:
            mem = next(res) or 0
            share = 1 if n else max(1, next(res))
            per += mem / share
        shared = [self._k(k) for k in ("ids", "stories", "n", "meta", "serial")]
        pipe = self._r.pipeline(transaction=False)
        for key in shared:
            pipe.memory_usage(key, samples=0)
        size = sum(n or 0 for n in self._call(pipe.execute))
        size += round(per * articles / len(ids)) if ids else 0
        return {"backend": self.kind, "location": self.location, "articles": articles,
                "clusters": clusters, "bytes": size, "bytes_estimated": len(ids) < articles}

    def close(self) -> None:
        if self._r is None:
            return
        self._reset_pending()
        try:
            self._r.close()
        except redis_lib.RedisError:
            pass
        self._r = None


def _redact(url: str) -> str:
    """The URL with any password hidden, for messages.  Plain string work,
    no URL parsing: a URL too malformed to parse is redacted all the same.

    >>> _redact("redis://:s3cret@db:6379/2")
    'redis://:***@db:6379/2'
    >>> _redact("redis://user:pw@[::1/0")
    'redis://user:***@[::1/0'
    """
    scheme, sep, rest = url.partition("://")
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    userinfo, at, host = rest[:end].rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}{sep}{userinfo.split(':', 1)[0]}:***@{host}{rest[end:]}"


def _reason(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _entry(article_id: str, row: dict) -> IndexEntry:
    d, r, s = row.get(b"d"), row.get(b"r"), row.get(b"s")
    return IndexEntry(id=article_id, content_hash=row[b"h"].decode(), cluster=row[b"c"].decode(),
                      canonical_id=row[b"k"].decode(), date=d.decode() if d else None,
                      added=float(row[b"a"]), payload=row.get(b"p") or b"",
                      relation=r.decode() if r is not None else None,
                      similarity=float(s) if s is not None else None)


def _strip(entry: IndexEntry) -> IndexEntry:
    from dataclasses import replace
    return replace(entry, payload=b"")
