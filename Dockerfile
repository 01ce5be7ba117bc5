# Baqylau: build with the .NET SDK, run on the ASP.NET Core runtime as a non-root user.
#   docker build -t baqylau .
#   docker compose up        (PostgreSQL + app; see docker-compose.yml and docs/operations.md)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the package layer is reused while the code changes.
COPY global.json Directory.Build.props Directory.Packages.props Baqylau.slnx ./
COPY src/Baqylau/Baqylau.csproj src/Baqylau/
COPY src/Baqylau.Local/Baqylau.Local.csproj src/Baqylau.Local/
COPY src/Baqylau.Web/Baqylau.Web.csproj src/Baqylau.Web/
# ReadyToRun (precompiled) for the image's architecture: the app starts without JIT-compiling its start-up,
# about half the time to ready (docs/performance.md). BuildKit sets TARGETARCH (amd64, arm64).
ARG TARGETARCH
RUN dotnet restore src/Baqylau.Web/Baqylau.Web.csproj -a "$TARGETARCH" -p:PublishReadyToRun=true
COPY src/ src/
RUN dotnet publish src/Baqylau.Web/Baqylau.Web.csproj -c Release -a "$TARGETARCH" --self-contained false \
    -p:PublishReadyToRun=true --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Keys, uploads, evidence and mirror exports live on a volume owned by the image's unprivileged "app" user.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://+:8080 \
    Baqylau__DataDirectory=/data
USER $APP_UID
EXPOSE 8080
# No curl in the runtime image: probe /health/ready (readiness) and /health/live from the orchestrator or load balancer.
ENTRYPOINT ["dotnet", "Baqylau.Web.dll"]
