using Huddle.Core.Application;
using Huddle.Core.Catalog;
using Huddle.Core.Sessions;
using Huddle.Server.Admin;
using Huddle.Server.Classrooms;
using Huddle.Server.Contracts;
using Huddle.Server.Coaching;
using Huddle.Server.Hosting;
using Huddle.Server.Http;
using Huddle.Server.Limits;
using Huddle.Server.Movies;
using Huddle.Server.Music;
using Huddle.Server.Music.Spotify;
using Huddle.Server.Music.Subsonic;
using Huddle.Server.Observability;
using Huddle.Server.Options;
using Huddle.Server.Realtime;
using Huddle.Server.Sessions;
using Huddle.Storage;
using Huddle.Storage.Music;
using Huddle.Storage.Postgres;
using Huddle.Storage.Sqlite;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Huddle.Server;

/// <summary>Builds the one Huddle web application; Program and the tests both start it from here.</summary>
public static class HuddleApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The web app and appsettings.json ship beside the DLL: found there whatever the working
        // directory (systemd starts it in the data folder). Relative data paths still follow the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false); // no "Server: Kestrel" to fingerprint
        configure?.Invoke(builder);
        var services = builder.Services;

        services.AddValidatedOptions<HuddleLimits>("Huddle:Limits", o => o.Validate());
        services.AddValidatedOptions<EngineOptions>("Huddle:Engine", o => o.Validate());
        services.AddValidatedOptions<RateLimitOptions>("Huddle:RateLimits", o => o.Validate());
        services.AddValidatedOptions<MusicOptions>("Huddle:Music", o => o.Validate());
        services.AddValidatedOptions<HuddleServerOptions>("Huddle", o => o.Validate());
        services.AddSingleton<IValidateOptions<HuddleServerOptions>, PublicLinksValidator>();
        services.AddValidatedOptions<StorageOptions>("Storage", o => o.Validate());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<HuddleLimits>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value);
        services.AddStorage(builder.Configuration);
        services.AddMusic();
        services.AddSingleton<ISessionPublisher, HubPublisher>();
        services.AddSpotify(builder.Configuration);
        services.AddSingleton<SessionService>();
        services.AddMovieCatalog(builder.Configuration);
        services.AddSingleton<MovieNightService>();
        services.AddCoaching(builder.Configuration);
        services.CountStoreErrors();
        services.AddSingleton<FailedAttemptLimiter>();
        services.AddHostedService<EngineTicker>();
        services.AddHostedService<SessionSweeper>();
        services.AddHostedService<PresenceKeeper>();
        services.AddHostedService<CommitNoticeListener>();
        services.AddSingleton<IHostLifetime, GracefulShutdown>();

        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        services.AddProblemDetails(Problems.Configure);
        // Malformed bodies and parameters throw, so they reach the one problem-details mapping below.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<WebApp.ClientRoute>(WebApp.ClientRoute.Name));
        services.AddExceptionHandler<Problems.Handler>();
        services.AddHuddleRateLimiting(builder.Configuration.GetSection("Huddle:RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions());
        services.AddOpenApi(ApiDescription.Configure);
        // What operators get: the HTTP edge, metrics, admin credentials.
        services.AddHuddleEdges(builder.Configuration).AddHuddleObservability(builder.Configuration).AddHuddleAdminAuth(builder.Configuration);

        var limits = builder.Configuration.GetSection("Huddle:Limits").Get<HuddleLimits>() ?? new HuddleLimits();
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = limits.HubMessageMaxBytes;
                o.EnableDetailedErrors = false;
                o.AddFilter<HubGuardFilter>();
            })
            .AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<HubGuardFilter>();
        services.AddSingleton<HubBudgets>();
        // Counts every event the hub sends, whoever sends it (publisher, relay, shutdown notice).
        services.AddSingleton<CountingHubLifetimeManager>();
        services.AddSingleton(sp => new SessionOutbox<SessionHub>(
            sp.GetRequiredService<CountingHubLifetimeManager>(), sp.GetRequiredService<ILogger<SessionOutbox<SessionHub>>>()));
        services.AddSingleton<HubLifetimeManager<SessionHub>>(sp => sp.GetRequiredService<SessionOutbox<SessionHub>>());
        CodedHubProtocol.Use(services);

        var app = builder.Build();
        app.UseRequestLog();
        app.UseHuddleEdges();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/v1.json"); // one document: other names are a coded 404, not a plain-text one
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Huddle API v1");
            o.DocumentTitle = "Huddle API";
        });
        app.MapHealth();
        app.MapSessions();
        app.MapSongs();
        app.MapSubsonic();
        app.MapPlaylists();
        app.MapMovies();
        app.MapClassroom();
        app.MapMetrics();
        app.MapAdmin();
        app.MapCoaching();
        app.MapSpotify();
        app.MapHub<SessionHub>("/hubs/session", o =>
        {
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
            o.AllowStatefulReconnects = true;
        });
        app.MapWebApp();
        return app;
    }

    /// <summary>Applies migrations and announces this node before the server takes traffic.</summary>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken ct = default)
    {
        // Every ValidateOnStart section now, before the database is touched and before the host
        // would log a failure with its stack trace: the caller reports the problems in one line.
        app.Services.GetService<IStartupValidator>()?.Validate();
        await app.Services.GetRequiredService<IMigrator>().MigrateAsync(ct);
        await app.Services.GetRequiredService<IPresenceStore>().BeatAsync(app.Services.GetRequiredService<EngineOptions>().NodeId, ct);
    }

    /// <summary>
    /// SQLite (one process, presence in memory) or PostgreSQL (any number of nodes: shared presence
    /// rows and LISTEN/NOTIFY commit notices). Both read <c>ConnectionStrings:Huddle</c>.
    /// </summary>
    private static void AddStorage(this IServiceCollection services, ConfigurationManager configuration)
    {
        var storage = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = configuration.GetConnectionString("Huddle");
        if (storage.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString) || connectionString.Contains("Data Source", StringComparison.OrdinalIgnoreCase))
                throw new OptionsValidationException("ConnectionStrings:Huddle", typeof(StorageOptions),
                    ["Storage:Provider is Postgres: set ConnectionStrings:Huddle to a PostgreSQL connection string (Host=...;Database=...;Username=...)."]);
            services.AddSingleton(_ => NpgsqlDataSource.Create(WithAutoPrepare(connectionString)));
            services.AddSingleton(sp => new PostgresSessionStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<EngineOptions>().NodeId));
            services.AddSingleton<ISessionStore>(sp => sp.GetRequiredService<PostgresSessionStore>());
            services.AddSingleton<IPresenceStore>(sp => sp.GetRequiredService<PostgresSessionStore>());
            services.AddSingleton<IClassroomStore>(sp => sp.GetRequiredService<PostgresSessionStore>());
            services.AddSingleton<IMigrator>(sp => sp.GetRequiredService<PostgresSessionStore>());
            services.AddSingleton<IMusicIndex>(sp => SqlMusicIndex.Postgres(sp.GetRequiredService<NpgsqlDataSource>()));
            services.AddSingleton<IPlaylistStore>(sp => SqlPlaylistStore.Postgres(sp.GetRequiredService<NpgsqlDataSource>()));
            services.AddSingleton<ICommitNotices>(sp => new PostgresCommitNotices(
                sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<EngineOptions>().NodeId,
                sp.GetRequiredService<ILogger<PostgresCommitNotices>>()));
            return;
        }

        services.AddSingleton(_ => new SqliteSessionStore(connectionString ?? "Data Source=data/huddle.db"));
        services.AddSingleton<ISessionStore>(sp => sp.GetRequiredService<SqliteSessionStore>());
        services.AddSingleton<IClassroomStore>(sp => sp.GetRequiredService<SqliteSessionStore>());
        services.AddSingleton<IMigrator>(sp => sp.GetRequiredService<SqliteSessionStore>());
        services.AddSingleton<IPresenceStore, LocalPresenceStore>();
        services.AddSingleton<IMusicIndex>(_ => SqlMusicIndex.Sqlite(connectionString ?? "Data Source=data/huddle.db"));
        services.AddSingleton<IPlaylistStore>(_ => SqlPlaylistStore.Sqlite(connectionString ?? "Data Source=data/huddle.db"));
        services.AddSingleton<ICommitNotices, NoCommitNotices>();
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, string section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new ListValidator<T>(section, validate));
    }

    /// <summary>Reports every problem of an options class at start, by name, instead of one generic message.</summary>
    private sealed class ListValidator<T>(string section, Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = validate(options).Select(p => $"{section}: {p}").ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    /// <summary>
    /// Huddle sends the same few statements all day (the commit, presence, heartbeats), so Npgsql
    /// prepares them unless the operator chose otherwise in the connection string (for example
    /// <c>Max Auto Prepare=0</c> behind a pooler that cannot keep prepared statements).
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 32;
        return builder.ConnectionString;
    }
}
