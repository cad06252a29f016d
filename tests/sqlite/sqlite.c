/*
 * SQLite on a file database, as a real program uses the file calls:
 * 10,000 inserts in transactions, queries, an index, updates and deletes,
 * in journal modes DELETE (a rollback journal: create, fsync, unlink) and
 * WAL (a write-ahead log and its -shm file, mapped shared by every
 * connection), and two processes sharing the database through fcntl
 * record locks: while one holds a write transaction the other gets
 * SQLITE_BUSY, and succeeds once it commits; in WAL mode a reader in the
 * other process still reads, from its snapshot. PRAGMA integrity_check
 * after each part. Built against Debian's libsqlite3.a (tests/sqlite/build.sh);
 * run on tkern and under qemu-aarch64 (Linux), whose outputs must match.
 * It works in a scratch directory it makes under /tmp and removes.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sqlite3.h>

#define ROWS 10000
#define PER_TRANSACTION 1000

static char dir[64], db_path[96];

static int print_row(void *what, int n, char **values, char **names)
{
	(void)names;
	printf("%-40s", (const char *)what);
	for (int i = 0; i < n; i++)
		printf(" %s", values[i] ? values[i] : "NULL");
	printf("\n");
	return 0;
}

/* Run sql, printing each row after label; the result code's name. */
static const char *run(sqlite3 *db, const char *label, const char *sql)
{
	int rc = sqlite3_exec(db, sql, print_row, (void *)label, NULL);

	fflush(stdout);
	return sqlite3_errstr(rc);
}

static void say(const char *what, const char *how)
{
	printf("%-40s %s\n", what, how);
	fflush(stdout);
}

static sqlite3 *open_db(void)
{
	sqlite3 *db;

	if (sqlite3_open(db_path, &db) != SQLITE_OK) {
		printf("cannot open %s: %s\n", db_path, sqlite3_errmsg(db));
		exit(1);
	}
	return db;
}

static void fill(sqlite3 *db)
{
	sqlite3_stmt *insert;
	char name[32];

	run(db, "", "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, grp INTEGER, v REAL)");
	sqlite3_prepare_v2(db, "INSERT INTO t(name, grp, v) VALUES(?, ?, ?)", -1, &insert, NULL);
	for (int i = 0; i < ROWS; i++) {
		if (i % PER_TRANSACTION == 0)
			run(db, "", "BEGIN");
		snprintf(name, sizeof(name), "row-%05d", i);
		sqlite3_bind_text(insert, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(insert, 2, i % 7);
		sqlite3_bind_double(insert, 3, i * 0.5);
		if (sqlite3_step(insert) != SQLITE_DONE)
			say("insert failed", sqlite3_errmsg(db));
		sqlite3_reset(insert);
		if (i % PER_TRANSACTION == PER_TRANSACTION - 1)
			run(db, "", "COMMIT");
	}
	sqlite3_finalize(insert);
}

static void queries(sqlite3 *db)
{
	run(db, "count, sum", "SELECT count(*), sum(v) FROM t");
	run(db, "per group", "SELECT grp, count(*), min(name), max(v) FROM t GROUP BY grp");
	say("create index", run(db, "", "CREATE INDEX t_name ON t(name)"));
	run(db, "lookup by name", "SELECT id, v FROM t WHERE name = 'row-04321'");
	say("update",
	    run(db, "", "BEGIN; UPDATE t SET v = v * 2 WHERE grp = 3; COMMIT"));
	say("delete", run(db, "", "DELETE FROM t WHERE id % 10 = 0"));
	run(db, "after update and delete", "SELECT count(*), sum(v) FROM t");
	say("rollback", run(db, "", "BEGIN; DELETE FROM t; ROLLBACK"));
	run(db, "after rollback", "SELECT count(*) FROM t");
	run(db, "integrity_check", "PRAGMA integrity_check");
}

/* A byte over a pipe, to take turns with the other process. */
static void signal_other(int fd)
{
	write(fd, "x", 1);
}

static void wait_other(int fd)
{
	char c;

	read(fd, &c, 1);
}

/*
 * The child opens its own connection (one never crosses fork) and tries
 * to write while the parent holds a write transaction.
 */
static void child(int to_parent, int from_parent, bool wal)
{
	sqlite3 *db = open_db();

	wait_other(from_parent);
	say("child: BEGIN IMMEDIATE", run(db, "", "BEGIN IMMEDIATE"));
	if (wal)
		run(db, "child: reads its snapshot", "SELECT count(*) FROM t");
	else
		say("child: read", run(db, "child: count", "SELECT count(*) FROM t"));
	signal_other(to_parent);
	wait_other(from_parent);
	say("child: BEGIN IMMEDIATE again", run(db, "", "BEGIN IMMEDIATE"));
	say("child: insert", run(db, "", "INSERT INTO t(name, grp, v) VALUES('child', 9, 1)"));
	say("child: COMMIT", run(db, "", "COMMIT"));
	sqlite3_close(db);
	exit(0);
}

static void two_processes(sqlite3 *db, bool wal)
{
	int up[2], down[2], status;
	pid_t pid;

	pipe(up);
	pipe(down);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		child(up[1], down[0], wal);
	say("parent: BEGIN IMMEDIATE", run(db, "", "BEGIN IMMEDIATE"));
	say("parent: insert", run(db, "", "INSERT INTO t(name, grp, v) VALUES('parent', 8, 1)"));
	signal_other(down[1]);
	wait_other(up[0]);
	say("parent: COMMIT", run(db, "", "COMMIT"));
	signal_other(down[1]);
	waitpid(pid, &status, 0);
	say("child exited", WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "0" : "badly");
	run(db, "rows from both", "SELECT name, grp FROM t WHERE grp >= 8 ORDER BY name");
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
}

static void remove_scratch(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[400];

	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	say("rmdir of the scratch directory", rmdir(dir) ? "failed" : "ok");
}

int main(void)
{
	sqlite3 *db;

	mkdir("/tmp", 0777);
	strcpy(dir, "/tmp/sqliteXXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(db_path, sizeof(db_path), "%s/test.db", dir);
	db = open_db();
	run(db, "journal_mode", "PRAGMA journal_mode=DELETE");
	fill(db);
	queries(db);
	two_processes(db, false);
	run(db, "integrity_check", "PRAGMA integrity_check");

	run(db, "journal_mode", "PRAGMA journal_mode=WAL");
	say("delete in WAL mode", run(db, "", "DELETE FROM t WHERE grp = 5"));
	run(db, "count", "SELECT count(*), sum(v) FROM t");
	two_processes(db, true);
	run(db, "wal_checkpoint(TRUNCATE)", "PRAGMA wal_checkpoint(TRUNCATE)");
	run(db, "integrity_check", "PRAGMA integrity_check");
	run(db, "journal_mode", "PRAGMA journal_mode=DELETE");
	sqlite3_close(db);

	db = open_db();
	run(db, "reopened: count, sum", "SELECT count(*), sum(v) FROM t");
	run(db, "reopened: integrity_check", "PRAGMA integrity_check");
	run(db, "page_count", "PRAGMA page_count");
	sqlite3_close(db);
	remove_scratch();
	return 0;
}
