using Huddle.Server;
using Huddle.Server.Coaching;

if (AdminCommand.Matches(args)) return await AdminCommand.RunAsync(args);

var app = HuddleApp.Build(args);
await app.PrepareAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point; the app itself is assembled in <see cref="HuddleApp"/>.</summary>
public partial class Program;
