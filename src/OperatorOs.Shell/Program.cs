using OperatorOs.Shell;

return await OposApp.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
