using Huddle.Core;
using Huddle.Core.Coaching;
using Huddle.Storage;

namespace Huddle.Server.Coaching;

/// <summary>
/// <c>Huddle.Server admin create --email … --password …</c>: creates (or promotes) an admin on the
/// configured database, applying migrations first, then exits without starting the web host.
/// Other arguments (e.g. <c>--ConnectionStrings:Huddle=…</c>) configure the app as usual.
/// </summary>
public static class AdminCommand
{
    public static bool Matches(string[] args) => args is ["admin", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["admin", "create", .. var rest])
        {
            await Console.Error.WriteLineAsync("Usage: Huddle.Server admin create --email <email> --password <password> [configuration…]");
            return 2;
        }

        string? email = null, password = null;
        var passThrough = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--email" when i + 1 < rest.Length:
                    email = rest[++i];
                    break;
                case "--password" when i + 1 < rest.Length:
                    password = rest[++i];
                    break;
                default:
                    passThrough.Add(rest[i]);
                    break;
            }
        }

        if (email is null || password is null)
        {
            await Console.Error.WriteLineAsync("admin create needs --email and --password.");
            return 2;
        }

        await using var app = HuddleApp.Build([.. passThrough]);
        await app.Services.GetRequiredService<IMigrator>().MigrateAsync(CancellationToken.None);
        try
        {
            var created = await AdminBootstrap.EnsureAdminAsync(
                app.Services.GetRequiredService<AccountService>(), app.Services.GetRequiredService<IAccountStore>(), email, password, CancellationToken.None);
            await Console.Out.WriteLineAsync(created ? $"Admin {email} created." : $"Account {email} exists; it has the admin role.");
            return 0;
        }
        catch (HuddleException e)
        {
            await Console.Error.WriteLineAsync($"{e.Code}: {e.Message}");
            return 1;
        }
    }
}
