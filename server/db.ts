/**
 * SQLite storage for the local API: one file `<dataDir>/mnueron.db` (WAL), or an in-memory database for tests.
 * Every method is synchronous (better-sqlite3), so a check followed by a write inside one handler cannot interleave
 * with another request; that is what makes the idempotency-key check race-free without locks.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Memory } from '../src/shared/api-schema';

export const DATABASE_FILE_NAME = 'mnueron.db';
export const DEFAULT_NAMESPACE = 'default';

/** Bumped with every schema change; `migrations[i]` takes a database from version i to i + 1. */
const migrations: string[] = [
  `
  CREATE TABLE namespaces (
    name TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE memories (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    content TEXT NOT NULL,
    content_bytes INTEGER NOT NULL,
    namespace TEXT NOT NULL REFERENCES namespaces(name),
    tags TEXT NOT NULL,
    source TEXT NOT NULL,
    source_ref TEXT,
    metadata TEXT NOT NULL,
    idempotency_key TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX memories_by_namespace ON memories(namespace);
  CREATE INDEX memories_by_created ON memories(created_at, seq);
  CREATE INDEX memories_by_idempotency_key ON memories(idempotency_key) WHERE idempotency_key IS NOT NULL;
  `,
];

/** A memory as the server stores it, before it is given to a client. */
export type NewMemoryRow = {
  content: string;
  namespace: string;
  tags: string[];
  source: string;
  sourceRef: string | null;
  metadata: Record<string, unknown>;
  /** Kept in its own column, set once at creation: a retry of that creation must find it even after a PATCH. */
  idempotencyKey: string | null;
};

export type MemoryChanges = {
  content?: string;
  namespace?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
};

export type ListQuery = {
  q?: string | null;
  namespace?: string | null;
  /** Every one of these tags must be on the memory (exact, case-sensitive). */
  tags?: string[] | null;
  limit: number;
  offset: number;
};
export type NamespaceSummary = { name: string; count: number; last_updated: number | null };
export type StorageUsage = { memories: number; bytes: number };

type MemoryRecord = {
  id: string;
  content: string;
  namespace: string;
  tags: string;
  source: string;
  source_ref: string | null;
  metadata: string;
  created_at: number;
  updated_at: number;
};

const MEMORY_COLUMNS = 'id, content, namespace, tags, source, source_ref, metadata, created_at, updated_at';

function toMemory(record: MemoryRecord): Memory {
  return {
    id: record.id,
    content: record.content,
    namespace: record.namespace,
    tags: JSON.parse(record.tags) as string[],
    source: record.source,
    source_ref: record.source_ref,
    metadata: JSON.parse(record.metadata) as Record<string, unknown>,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export class MemoryStore {
  private readonly db: Database.Database;

  constructor(dataDir: string | null | undefined) {
    if (dataDir) {
      // Memories are private: the folder we create is the owner's alone (an existing folder is left as it is),
      // and the database file and its WAL companions are 0600 whoever created them.
      if (mkdirSync(dataDir, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(dataDir, 0o700);
      const file = join(dataDir, DATABASE_FILE_NAME);
      if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
      this.db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      for (const companion of [`${file}-wal`, `${file}-shm`]) {
        if (existsSync(companion)) chmodSync(companion, 0o600);
      }
      // WAL + NORMAL is durable across process crashes (only an OS crash can lose the last commits).
      this.db.pragma('synchronous = NORMAL');
    } else {
      this.db = new Database(':memory:');
    }
    this.db.pragma('foreign_keys = ON');
    // SQLite's lower() only folds ASCII; searching "CAFÉ" must find "café".
    this.db.function('contains_ci', { deterministic: true }, (haystack: unknown, needle: unknown) =>
      String(haystack).toLowerCase().includes(String(needle)) ? 1 : 0,
    );
    this.migrate();
    this.ensureNamespace(DEFAULT_NAMESPACE, Date.now());
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let next = version; next < migrations.length; next++) {
      this.db.transaction(() => {
        this.db.exec(migrations[next] as string);
        this.db.pragma(`user_version = ${next + 1}`);
      })();
    }
  }

  private ensureNamespace(name: string, now: number): void {
    this.db.prepare('INSERT OR IGNORE INTO namespaces (name, created_at) VALUES (?, ?)').run(name, now);
  }

  insert(row: NewMemoryRow, now: number): Memory {
    return this.insertAll([row], now)[0] as Memory;
  }

  /** Stores the rows in one transaction (all or none), in order, and returns them. */
  insertAll(rows: NewMemoryRow[], now: number): Memory[] {
    const ids = rows.map(() => crypto.randomUUID());
    const statement = this.db.prepare(
      `INSERT INTO memories (id, content, content_bytes, namespace, tags, source, source_ref, metadata,
         idempotency_key, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      rows.forEach((row, index) => {
        this.ensureNamespace(row.namespace, now);
        statement.run(
          ids[index],
          row.content,
          utf8Length(row.content),
          row.namespace,
          JSON.stringify(row.tags),
          row.source,
          row.sourceRef,
          JSON.stringify(row.metadata),
          row.idempotencyKey,
          now,
          now,
        );
      });
    })();
    return ids.map((id) => this.get(id) as Memory);
  }

  get(id: string): Memory | null {
    const record = this.db.prepare(`SELECT ${MEMORY_COLUMNS} FROM memories WHERE id = ?`).get(id) as
      MemoryRecord | undefined;
    return record ? toMemory(record) : null;
  }

  /** The first memory created with this key, if any. */
  findByIdempotencyKey(key: string): Memory | null {
    const record = this.db
      .prepare(`SELECT ${MEMORY_COLUMNS} FROM memories WHERE idempotency_key = ? ORDER BY seq LIMIT 1`)
      .get(key) as MemoryRecord | undefined;
    return record ? toMemory(record) : null;
  }

  /** Applies the changes and returns the updated memory, or null when the id is unknown. */
  update(id: string, changes: MemoryChanges, now: number): Memory | null {
    const current = this.get(id);
    if (!current) return null;
    // A PATCH in the same millisecond as the creation must still move updated_at forward.
    const updatedAt = Math.max(now, current.updated_at + 1);
    const next = {
      content: changes.content ?? current.content,
      namespace: changes.namespace ?? current.namespace,
      tags: changes.tags ?? current.tags,
      metadata: changes.metadata ?? current.metadata,
    };
    this.db.transaction(() => {
      this.ensureNamespace(next.namespace, now);
      this.db
        .prepare(
          `UPDATE memories SET content = ?, content_bytes = ?, namespace = ?, tags = ?, metadata = ?, updated_at = ?
           WHERE id = ?`,
        )
        .run(
          next.content,
          utf8Length(next.content),
          next.namespace,
          JSON.stringify(next.tags),
          JSON.stringify(next.metadata),
          updatedAt,
          id,
        );
    })();
    return this.get(id);
  }

  /** True when a memory was deleted. */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM memories WHERE id = ?').run(id).changes > 0;
  }

  /** Newest first. `q` matches the content or any tag, case-insensitively. */
  list(query: ListQuery): Memory[] {
    const records = this.db
      .prepare(
        `SELECT ${MEMORY_COLUMNS} FROM memories
         WHERE (@namespace IS NULL OR namespace = @namespace)
           AND (@q IS NULL OR contains_ci(content, @q) = 1
                OR EXISTS (SELECT 1 FROM json_each(memories.tags) AS tag WHERE contains_ci(tag.value, @q) = 1))
           AND (@tags IS NULL OR NOT EXISTS (
             SELECT 1 FROM json_each(@tags) AS wanted
             WHERE wanted.value NOT IN (SELECT value FROM json_each(memories.tags))))
         ORDER BY created_at DESC, seq DESC
         LIMIT @limit OFFSET @offset`,
      )
      .all({
        namespace: query.namespace ?? null,
        q: query.q ? query.q.toLowerCase() : null,
        tags: query.tags && query.tags.length > 0 ? JSON.stringify(query.tags) : null,
        limit: query.limit,
        offset: query.offset,
      }) as MemoryRecord[];
    return records.map(toMemory);
  }

  /** Everything, oldest first. */
  all(): Memory[] {
    const records = this.db.prepare(`SELECT ${MEMORY_COLUMNS} FROM memories ORDER BY seq`).all() as MemoryRecord[];
    return records.map(toMemory);
  }

  namespaces(): NamespaceSummary[] {
    return this.db
      .prepare(
        `SELECT n.name AS name, COUNT(m.seq) AS count, MAX(m.updated_at) AS last_updated
         FROM namespaces n LEFT JOIN memories m ON m.namespace = n.name
         GROUP BY n.name ORDER BY n.name`,
      )
      .all() as NamespaceSummary[];
  }

  /** Names of the namespaces that hold at least one memory, the one written to last first. */
  namespaceNamesByRecentUse(): string[] {
    const records = this.db
      .prepare(`SELECT namespace FROM memories GROUP BY namespace ORDER BY MAX(created_at) DESC, MAX(seq) DESC`)
      .all() as { namespace: string }[];
    return records.map((record) => record.namespace);
  }

  /** What quotas are measured against: the number of memories and the UTF-8 bytes of their content. */
  usage(): StorageUsage {
    return this.db
      .prepare('SELECT COUNT(*) AS memories, COALESCE(SUM(content_bytes), 0) AS bytes FROM memories')
      .get() as StorageUsage;
  }

  /** Back to a fresh database: no memories, only the default namespace. */
  clear(): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM memories; DELETE FROM namespaces;');
      this.ensureNamespace(DEFAULT_NAMESPACE, Date.now());
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
