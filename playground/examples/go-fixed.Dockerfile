FROM golang:1.23-alpine3.20 AS build-env
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/goapp .

FROM alpine:3.20
RUN apk add --no-cache ca-certificates
ENV USER=appuser
ENV UID=10001
RUN adduser \
    --disabled-password \
    --gecos "" \
    --home "/nonexistent" \
    --shell "/sbin/nologin" \
    --no-create-home \
    --uid "${UID}" \
    "${USER}"
WORKDIR /app
COPY --from=build-env /out/goapp /app/goapp
USER 10001
EXPOSE 8080
ENTRYPOINT ["/app/goapp"]
