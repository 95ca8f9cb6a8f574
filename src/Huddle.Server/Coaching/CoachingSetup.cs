using System.Security.Claims;
using System.Security.Cryptography;
using Huddle.Core;
using Huddle.Core.Application;
using Huddle.Core.Coaching;
using Huddle.Server.Http;
using Huddle.Server.Options;
using Huddle.Server.Realtime;
using Huddle.Storage;
using Huddle.Storage.Coaching;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Huddle.Server.Coaching;

/// <summary>Policy names; every coaching route declares one (or AllowAnonymous).</summary>
public static class CoachingPolicies
{
    /// <summary>Any signed-in account.</summary>
    public const string Account = AccountClaims.SignedInPolicy;
    public const string Client = "client";
    public const string Coach = "coach";

    /// <summary>Shared with the admin session list (GET /api/admin/sessions).</summary>
    public const string Admin = "admin";
}

public static class CoachingSetup
{
    /// <summary>Accounts, JWT bearer authentication, the role policies, the coaching service and its notices (stores: AddHuddleStorage).</summary>
    public static IServiceCollection AddCoaching(this IServiceCollection services)
    {
        services.AddValidatedOptions<JwtOptions>("Jwt", o => o.Validate())
            .PostConfigure<IHostEnvironment, ILoggerFactory, IOptions<StorageOptions>>((o, env, logs, storageOptions) =>
            {
                if (!string.IsNullOrEmpty(o.SigningKey)) return;
                var storage = storageOptions.Value;
                if (!storage.IsPostgres)
                {
                    // One node: its own key, made on first start and kept beside the database, so tokens survive restarts.
                    o.SigningKey = SigningKeyFile.LoadOrCreate(storage.EffectiveConnectionString, logs.CreateLogger(typeof(SigningKeyFile)));
                }
                else if (!env.IsProduction())
                {
                    // Development on PostgreSQL needs no setup: a fresh key per start (tokens die with the process).
                    // In Production the nodes must share one key, so validation asks the operator for it.
                    o.SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
                }
            });
        services.AddValidatedOptions<CoachingOptions>("Coaching", o => o.Validate());
        services.AddValidatedOptions<LoginThrottleOptions>("Coaching:LoginThrottle", o => o.Validate());
        services.AddValidatedOptions<AdminBootstrapOptions>("Admin", o => o.Validate());

        services.AddSingleton<HubCoachingNotices>();
        services.AddSingleton<ICoachingNotices, RelayedCoachingNotices>();
        services.AddHostedService<CoachingNoticeListener>();
        services.AddValidatedOptions<MailOptions>("Huddle:Mail", o => o.Validate());
        services.AddSingleton<MeetingLinks>();
        services.AddSingleton<CoachingMailer>();
        services.AddHostedService(sp => sp.GetRequiredService<CoachingMailer>());
        services.AddValidatedOptions<WebhookOptions>("Huddle:Webhooks", o => o.Validate());
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddValidatedOptions<BusyCalendarOptions>("Huddle:BusyCalendars", o => o.Validate());
        services.AddSingleton<BusyCalendarFetcher>();
        services.AddSingleton<IExternalBusyTimes>(sp => sp.GetRequiredService<BusyCalendarFetcher>());

        services.AddSingleton(sp => new CoachingPolicy
        {
            LateCancellationFeeCents = sp.GetRequiredService<IOptions<CoachingOptions>>().Value.LateCancellationFeeCents,
            NoShowFeeCents = sp.GetRequiredService<IOptions<CoachingOptions>>().Value.NoShowFeeCents,
            Text = sp.GetRequiredService<Huddle.Core.Sessions.HuddleLimits>().Text,
        });
        services.AddSingleton<ICoachingRooms, CoachingRooms>();
        services.AddSingleton<CoachingService>();
        services.AddSingleton<ReschedulingService>();
        services.AddSingleton<SeriesService>();
        services.AddSingleton<CoachingOverdue>();
        services.AddHostedService<CoachingOverdueSweeper>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccountService>();
        services.AddHostedService<AdminBootstrap>();
        services.Configure<HubOptions>(o => o.AddFilter<CoachingConnectionFilter>());

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((o, jwt) => ConfigureBearer(o, jwt.Value));
        services.AddAuthorizationBuilder()
            .AddPolicy(CoachingPolicies.Account, p => p.RequireAuthenticatedUser())
            .AddPolicy(CoachingPolicies.Client, p => p.RequireRole(AccountRoles.Client))
            .AddPolicy(CoachingPolicies.Coach, p => p.RequireRole(AccountRoles.Coach));
        // CoachingPolicies.Admin is AdminAuth's "admin" policy: an admin account's JWT or the operator's key.
        return services;
    }

    public static IEndpointRouteBuilder MapCoaching(this IEndpointRouteBuilder app)
    {
        app.MapAuth();
        app.MapAdminUsers();
        app.MapCoaches();
        app.MapCoachingSessions();
        app.MapRescheduling();
        app.MapNoShows();
        app.MapSeries();
        app.MapLiveRooms();
        app.MapMailAdmin();
        app.MapCalendarFeeds();
        app.MapFeeExport();
        app.MapWebhooks();
        app.MapCoachCalendars();
        return app;
    }

    private static void ConfigureBearer(JwtBearerOptions o, JwtOptions jwt)
    {
        o.MapInboundClaims = false;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer, ValidAudience = jwt.Audience, IssuerSigningKey = AccountService.SigningKey(jwt),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256], NameClaimType = "name", RoleClaimType = "role",
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        o.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on WebSockets/SSE: the hub takes the token from the query string.
            OnMessageReceived = ctx =>
            {
                var token = ctx.Request.Query["access_token"];
                if (!string.IsNullOrEmpty(token) && ctx.HttpContext.Request.Path.StartsWithSegments("/hubs/session"))
                    ctx.Token = token;
                return Task.CompletedTask;
            },
            // Roles and the security stamp come from the database on every request (the hub's too, at
            // connect), so a grant, a deleted account, a sign-out everywhere or a password change takes
            // effect at once, on every node. No cache: this read is the account row the roles need anyway.
            OnTokenValidated = async ctx =>
            {
                var accounts = ctx.HttpContext.RequestServices.GetRequiredService<IAccountStore>();
                var id = Guid.TryParse(ctx.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub), out var g) ? g : Guid.Empty;
                var account = id == Guid.Empty ? null : await accounts.FindAsync(id, ctx.HttpContext.RequestAborted);
                if (account is null)
                {
                    ctx.Fail("The account no longer exists.");
                    return;
                }

                if (!AccountClaims.IsCurrent(ctx.Principal!, account))
                {
                    ctx.Fail("The token was revoked (signed out everywhere, or the password changed).");
                    return;
                }

                var identity = new ClaimsIdentity(
                    ctx.Principal!.Claims.Where(c => c.Type != "role")
                        .Concat(account.Roles.Select(r => new Claim("role", r))),
                    JwtBearerDefaults.AuthenticationScheme, "name", "role");
                ctx.Principal = new ClaimsPrincipal(identity);
            },
            OnChallenge = async ctx =>
            {
                ctx.HandleResponse();
                if (ctx.Response.HasStarted) return; // the admin-key scheme already answered
                ctx.Response.Headers.WWWAuthenticate = "Bearer";
                await Problems.WriteAsync(ctx.HttpContext, Errors.Unauthenticated(ErrorCodes.Unauthenticated,
                    "Sign in: send a valid access token as 'Authorization: Bearer …'."));
            },
            OnForbidden = ctx => Problems.WriteAsync(ctx.HttpContext, Errors.NotAllowed("Your account's role does not allow this.")),
        };
    }
}

/// <summary>Creates the first admin from Admin:BootstrapEmail/Password at start; does nothing if it exists.</summary>
public sealed partial class AdminBootstrap(
    IOptions<AdminBootstrapOptions> options, AccountService accounts, IAccountStore store, ILogger<AdminBootstrap> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.BootstrapEmail) || string.IsNullOrEmpty(o.BootstrapPassword)) return;
        var created = await EnsureAdminAsync(accounts, store, o.BootstrapEmail, o.BootstrapPassword, ct);
        LogBootstrap(created ? "created" : "already present");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Creates the account with every role, or grants admin to an existing one. True when created.</summary>
    public static async Task<bool> EnsureAdminAsync(AccountService accounts, IAccountStore store, string email, string password, CancellationToken ct)
    {
        var existing = await store.FindByEmailAsync(AccountService.NormalizeEmail(email), ct);
        if (existing is not null)
        {
            await store.AddRoleAsync(existing.Id, AccountRoles.Admin, ct);
            return false;
        }

        try
        {
            await accounts.CreateAsync(email, password, "Admin", [AccountRoles.Client, AccountRoles.Admin], ct);
            return true;
        }
        catch (HuddleException e) when (e.Code == ErrorCodes.EmailTaken)
        {
            // Another node created it first.
            return false;
        }
    }

    [LoggerMessage(EventId = Log.AdminBootstrapped, Level = LogLevel.Information, Message = "Bootstrap admin account {Outcome}")]
    private partial void LogBootstrap(string outcome);
}
