using System.Text.Json.Serialization;
using Huddle.Core.Application;
using Huddle.Core.Catalog;
using Huddle.Core.Sessions;
using Huddle.Server.Endpoints;
using Huddle.Server.Hubs;
using Huddle.Server.Infrastructure;
using Huddle.Server.Options;
using Huddle.Storage.Sqlite;
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
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var services = builder.Services;

        services.AddValidatedOptions<HuddleLimits>("Huddle:Limits", o => o.Validate());
        services.AddValidatedOptions<EngineOptions>("Huddle:Engine", o => o.Validate());
        services.AddValidatedOptions<RateLimitOptions>("Huddle:RateLimits", o => o.Validate());
        services.AddValidatedOptions<MusicOptions>("Huddle:Music", o => o.Validate());
        services.AddValidatedOptions<HuddleServerOptions>("Huddle", o => o.Validate());
        services.AddValidatedOptions<StorageOptions>("Storage", o => o.Validate());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<HuddleLimits>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value);
        services.AddSingleton(sp =>
        {
            var folder = sp.GetRequiredService<IOptions<MusicOptions>>().Value.Folder;
            var songs = SongCatalog.LoadEmbedded().ToList();
            if (!string.IsNullOrWhiteSpace(folder)) songs.AddRange(MusicFolder.Scan(folder));
            return new SongCatalog(songs);
        });
        var connectionString = builder.Configuration.GetConnectionString("Huddle") ?? "Data Source=data/huddle.db";
        services.AddSingleton(_ => new SqliteSessionStore(connectionString));
        services.AddSingleton<ISessionStore>(sp => sp.GetRequiredService<SqliteSessionStore>());
        services.AddSingleton<ISessionPublisher, HubPublisher>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<FailedAttemptLimiter>();
        services.AddHostedService<EngineTicker>();
        services.AddHostedService<SessionSweeper>();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails();
        // Malformed bodies and parameters throw, so they reach the one problem-details mapping below.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<Problems.Handler>();
        services.AddHuddleRateLimiting(builder.Configuration.GetSection("Huddle:RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions());
        services.AddOpenApi();

        var limits = builder.Configuration.GetSection("Huddle:Limits").Get<HuddleLimits>() ?? new HuddleLimits();
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = limits.HubMessageMaxBytes;
                o.EnableDetailedErrors = false;
                o.AddFilter<HubGuardFilter>();
            })
            .AddJsonProtocol();
        services.AddSingleton<HubGuardFilter>();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Huddle API v1");
            o.DocumentTitle = "Huddle API";
        });
        app.MapHealth();
        app.MapSessions();
        app.MapSongs();
        app.MapHub<SessionHub>("/hubs/session", o =>
        {
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
            o.AllowStatefulReconnects = true;
        });
        app.MapWebApp();
        return app;
    }

    /// <summary>Applies migrations before the server takes traffic.</summary>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken ct = default) =>
        await app.Services.GetRequiredService<SqliteSessionStore>().MigrateAsync(ct);

    private static void AddValidatedOptions<T>(this IServiceCollection services, string section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddOptions<T>()
            .BindConfiguration(section)
            .Validate(o => !validate(o).Any(), $"Invalid configuration in section '{section}'.")
            .ValidateOnStart();
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
}
