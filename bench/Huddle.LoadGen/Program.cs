using Huddle.LoadGen;

if (args is ["--self-test"]) return SelfTest.Run();

if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(LoadOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var (report, ok) = await new LoadRun(options).ExecuteAsync();
Console.WriteLine(report.ToJsonString());
Console.Out.Flush();

// Exit without closing thousands of connections one by one: the server sees them drop, which is
// after the measurement and does not matter for a server that is stopped next.
Environment.Exit(ok ? 0 : 1);
return 0;
