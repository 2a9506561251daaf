-- 050_cache_json_no_path.sql: a cache entry's JSON no longer shows
-- local_path, the server's own file path (issue 10 finding 11): a client
-- has cached_url; the path stays in the table for the worker and for the
-- removal of the file.
CREATE OR REPLACE FUNCTION media_cache_json(c photo_cache) RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT json_build_object(
    'cache_id', c.cache_id, 'user_id', c.user_id, 'frame_id', c.frame_id,
    'photo_id', c.photo_id, 'version_id', c.version_id,
    'cache_status', media_cache_status(c), 'cached_url', c.cached_url,
    'cache_size', c.cache_size,
    'cache_format', c.cache_format, 'cache_quality', c.cache_quality,
    'width', c.width, 'height', c.height,
    'hit_count', c.hit_count, 'last_accessed_at', media_ts(c.last_accessed_at),
    'error_message', c.error_message, 'retry_count', c.retry_count,
    'created_at', media_ts(c.created_at), 'updated_at', media_ts(c.updated_at),
    'expires_at', media_ts(c.expires_at))
$$;
