# Each sentinel's config copied into its container, writable: Sentinel rewrites it as it learns the lab.
ARG REDIS_IMAGE=redis:7
FROM ${REDIS_IMAGE}
COPY --chown=999:999 sentinel.conf /data/sentinel.conf
