using Gateway.Cli;

// One executable, one verb dispatcher: `gateway serve` runs the service, every other verb talks to a
// running service over the REST API (docs/cli.md).
return await GatewayCommands.CreateDispatcher().RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
