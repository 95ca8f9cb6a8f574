using Huddle.Server;
using Huddle.Server.Coaching;
using Huddle.Server.Hosting;

if (AdminCommand.Matches(args)) return await AdminCommand.RunAsync(args);

WebApplication app;
try
{
    app = HuddleApp.Build(args);
    await app.PrepareAsync();
}
catch (Exception e)
{
    // A bad setting, an unreadable data folder, a database that refuses: one line for the operator
    // (and the journal), exit code 1, no stack trace. The message names the setting to fix.
    await Console.Error.WriteLineAsync($"Huddle cannot start: {StartupFailure.Describe(e)}");
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>Entry point; the app itself is assembled in <see cref="HuddleApp"/>.</summary>
public partial class Program;
