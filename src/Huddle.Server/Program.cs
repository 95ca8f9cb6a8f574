using Huddle.Server;

var app = HuddleApp.Build(args);
await app.PrepareAsync();
await app.RunAsync();

/// <summary>Entry point; the app itself is assembled in <see cref="HuddleApp"/>.</summary>
public partial class Program;
