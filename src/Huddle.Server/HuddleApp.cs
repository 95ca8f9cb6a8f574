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
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        services.AddValidatedOptions<ClassroomOptions>("Huddle:Classroom", o => o.Validate());
        services.AddValidatedOptions<HuddleServerOptions>("Huddle", o => o.Validate());
        services.AddSingleton<IValidateOptions<HuddleServerOptions>, PublicLinksValidator>();
        services.AddValidatedOptions<StorageOptions>("Storage", o => o.Validate())
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString ??= configuration.GetConnectionString("Huddle"));
        services.AddValidatedOptions<BusOptions>("Bus", o => o.Validate())
            .Validate<IOptions<StorageOptions>>((bus, storage) => !bus.IsRedis || storage.Value.IsPostgres, BusOptions.NeedsPostgres);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<HuddleLimits>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BusOptions>>().Value);
        services.AddSingleton<IStoreMetrics>(sp => sp.GetRequiredService<HuddleMetrics>());
        services.AddHuddleStorage();
        services.AddMusic();
        services.AddSingleton<ISessionPublisher, HubPublisher>();
        services.AddSpotify();
        services.AddSingleton<SessionService>();
        services.AddMovieCatalog();
        services.AddFilmFolder();
        services.AddSingleton<MovieNightService>();
        services.AddCoaching();
        services.AddSingleton<SharedLimits>();
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
        services.AddHuddleRateLimiting();
        services.AddOpenApi(ApiDescription.Configure);
        // What operators get: the HTTP edge, metrics, admin credentials.
        services.AddWebAppFiles();
        services.AddHuddleEdges(builder.Configuration).AddHuddleObservability(builder.Configuration).AddHuddleAdminAuth(builder.Configuration);

        services.AddSignalR(o =>
            {
                o.EnableDetailedErrors = false;
                o.AddFilter<HubGuardFilter>();
            })
            .AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions));
        // From the validated limits when the hub options are first read, not from raw configuration.
        services.AddOptions<HubOptions>().Configure<IOptions<HuddleLimits>>((o, limits) => o.MaximumReceiveMessageSize = limits.Value.HubMessageMaxBytes);
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
        app.UseWebAppFiles();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/v1.json"); // one document: other names are a coded 404, not a plain-text one
        app.MapApiExplorer();
        app.MapHealth();
        app.MapSessions();
        app.MapSongs();
        app.MapSubsonic();
        app.MapPlaylists();
        app.MapMovies();
        app.MapFilms();
        app.MapClassroom();
        app.MapOwnedClassrooms();
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
}
