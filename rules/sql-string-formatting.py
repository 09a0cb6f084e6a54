import sqlite3


def find_user(conn, username):
    cur = conn.cursor()
    # ruleid: sql-string-formatting
    cur.execute(f"SELECT * FROM users WHERE name = '{username}'")
    return cur.fetchone()


def delete_user(cur, user_id):
    # ruleid: sql-string-formatting
    cur.execute("DELETE FROM users WHERE id = %s" % user_id)


def search(cur, term):
    query = "SELECT id FROM items WHERE title LIKE '%" + term + "%'"
    # ruleid: sql-string-formatting
    cur.execute(query)


def order(cur, column):
    # ruleid: sql-string-formatting
    cur.execute("SELECT * FROM items ORDER BY {}".format(column))


def find_user_safe(conn, username):
    cur = conn.cursor()
    # ok: sql-string-formatting
    cur.execute("SELECT * FROM users WHERE name = ?", (username,))
    return cur.fetchone()


def delete_user_safe(cur, user_id):
    # ok: sql-string-formatting
    cur.execute("DELETE FROM users WHERE id = %s", (user_id,))


def run_job(executor, name):
    # ok: sql-string-formatting
    executor.execute(f"job-{name}")
