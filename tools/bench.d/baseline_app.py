"""baseline_app.py: the Python stack this service replaces, as `make bench`
runs it for comparison (issue 11): FastAPI + asyncpg on uvicorn (uvloop,
httptools), serving GET one playlist from the same tables through the same
pgbouncer. It does what such an app does: a plain parameterised SELECT of
the row, the JSON built in Python (timestamps in RFC 3339), 404 when the
playlist is not the user's. Run by tools/bench.d/15-baseline.sh with
Debian's python3 (/usr/bin/python3) and the DSN in BASELINE_DSN.
"""
import json
import os

import asyncpg
from fastapi import FastAPI, HTTPException

app = FastAPI()

SELECT_PLAYLIST = """
SELECT playlist_id, user_id, organization_id, name, description, playlist_type,
       smart_criteria::text, timezone, photo_ids::text, shuffle, loop,
       transition_duration, created_at, updated_at
FROM playlists WHERE playlist_id = $1 AND user_id = $2
"""


@app.on_event("startup")
async def startup():
    # pgbouncer in transaction mode: no prepared statements kept across
    # transactions, so asyncpg's statement cache is off.
    app.state.pool = await asyncpg.create_pool(
        os.environ["BASELINE_DSN"], min_size=4, max_size=16, statement_cache_size=0)


def rfc3339(ts):
    return ts.isoformat().replace("+00:00", "Z")


@app.get("/api/v1/media/playlists/{playlist_id}")
async def get_playlist(playlist_id: str, user_id: str):
    async with app.state.pool.acquire() as conn:
        row = await conn.fetchrow(SELECT_PLAYLIST, playlist_id, user_id)
    if row is None:
        raise HTTPException(status_code=404, detail="playlist not found")
    photo_ids = json.loads(row["photo_ids"])
    return {
        "playlist_id": row["playlist_id"], "user_id": row["user_id"],
        "organization_id": row["organization_id"], "name": row["name"],
        "description": row["description"], "playlist_type": row["playlist_type"],
        "smart_criteria": json.loads(row["smart_criteria"]) if row["smart_criteria"] else None,
        "timezone": row["timezone"], "photo_ids": photo_ids, "photo_count": len(photo_ids),
        "shuffle": row["shuffle"], "loop": row["loop"],
        "transition_duration": row["transition_duration"],
        "created_at": rfc3339(row["created_at"]), "updated_at": rfc3339(row["updated_at"]),
    }
