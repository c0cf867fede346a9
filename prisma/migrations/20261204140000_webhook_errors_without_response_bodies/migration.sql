-- Failed webhook deliveries used to keep up to 300 characters of the receiver's response body
-- (and a redirect's Location header) in their error, and the webhook page showed it. Nothing a
-- receiver sends is kept any more: the delivery loop stores the status code and a fixed
-- message. Rewrite the errors stored before this change the same way, so no old body stays in
-- the database or on the page. Without a status code, the messages Rollgate writes itself (a
-- timeout, a refused connection, a refused address, …) are kept and any other becomes
-- 'delivery failed'. Running it again changes nothing.
UPDATE "WebhookDelivery" SET "lastError" = CASE
    WHEN "lastStatus" BETWEEN 300 AND 399 THEN 'redirected (HTTP ' || "lastStatus" || '); redirects are not followed, so set the final URL'
    WHEN "lastStatus" IS NOT NULL THEN 'HTTP ' || "lastStatus"
    ELSE 'delivery failed'
  END
WHERE "lastError" IS NOT NULL
  AND ("lastStatus" IS NOT NULL
    OR "lastError" !~ '^(no response within [0-9.]+ s|refused: (resolves to )?a non-public address|invalid URL|invalid HTTP response|TLS (certificate not accepted|handshake failed)|host name lookup (failed|timed out)|connection failed|delivery failed|[a-z ]+ \([A-Z0-9_]+\))$');

UPDATE "WebhookAttempt" SET "error" = CASE
    WHEN "statusCode" BETWEEN 300 AND 399 THEN 'redirected (HTTP ' || "statusCode" || '); redirects are not followed, so set the final URL'
    WHEN "statusCode" IS NOT NULL THEN 'HTTP ' || "statusCode"
    ELSE 'delivery failed'
  END
WHERE "error" IS NOT NULL
  AND ("statusCode" IS NOT NULL
    OR "error" !~ '^(no response within [0-9.]+ s|refused: (resolves to )?a non-public address|invalid URL|invalid HTTP response|TLS (certificate not accepted|handshake failed)|host name lookup (failed|timed out)|connection failed|delivery failed|[a-z ]+ \([A-Z0-9_]+\))$');
