using System.Reflection;
using System.Text.RegularExpressions;
using FluxBatch.Manifest.Rules;
using Spectre.Console.Cli;

namespace FluxBatch.Cli.Commands;

/// <summary>
/// Turns Spectre's parse errors (strict parsing: an unknown option or a stray argument stops the command before it
/// runs) into one line that says what was wrong and what was probably meant: <c>error: run: unknown option
/// --dry-rn; did you mean --dry-run? (fluxbatch run --help)</c>.
/// </summary>
internal static partial class CommandLineErrors
{
    /// <summary>
    /// A run option the runtime refused (<see cref="RunOptionError"/> names the <see cref="RunOptions"/> property),
    /// worded as the flag the user typed: <c>--concurrency must be at least 1 (got 0)</c>. An error read from the
    /// environment keeps the variable's name.
    /// </summary>
    public static string Word(RunOptionError error) => error.Option switch
    {
        nameof(RunOptions.Concurrency) => "--concurrency " + error.Problem,
        nameof(RunOptions.BudgetUsd) => "--budget " + error.Problem,
        nameof(RunOptions.PollInterval) => "--poll-interval " + error.Problem,
        nameof(RunOptions.Shard) => "--shard: " + error.Problem,
        nameof(RunOptions.Coordinator) => "--coordinator: " + error.Problem,
        RunOptionError.ProviderPrefix + "Region+Name" => "--region " + error.Problem,
        RunOptionError.ProviderPrefix + "Region+BaseUrl" => "--region and --base-url " + error.Problem,
        // The provider's name, key, region and base URL: the problem quotes the value given (it may come from the manifest).
        _ when error.Option.StartsWith(RunOptionError.ProviderPrefix, StringComparison.Ordinal) => error.Problem,
        _ => error.ToString(),
    };

    public static string Describe(CommandAppException exception, IReadOnlyList<string> args)
    {
        var command = args.Count > 0 ? args[0] : null;
        var options = command is null ? [] : CommandCatalog.OptionsOf(command);
        var where = command is not null && CommandCatalog.Names.Contains(command) ? command + ": " : "";
        var help = where.Length == 0 ? "fluxbatch --help" : $"fluxbatch {command} --help";

        if (UnknownOption().Match(exception.Message) is { Success: true } option)
        {
            var typed = (option.Groups[1].Value.Length == 1 ? "-" : "--") + option.Groups[1].Value;
            var closest = NameSuggestions.Closest(typed, options);
            return $"{where}unknown option {typed}{(closest is null ? "" : $"; did you mean {closest}?")} ({help} lists the options)";
        }

        if (UnknownCommand().Match(exception.Message) is { Success: true } unknown)
        {
            // A command without arguments (schema) reads a stray word as a subcommand.
            if (where.Length > 0 && unknown.Groups[1].Value != command)
                return $"{where}unexpected argument '{unknown.Groups[1].Value}' ({help} shows what it takes)";
            var closest = NameSuggestions.Closest(unknown.Groups[1].Value, CommandCatalog.Names);
            return $"unknown command '{unknown.Groups[1].Value}'{(closest is null ? "" : $"; did you mean {closest}?")} (fluxbatch --help lists the commands)";
        }

        if (StrayArgument().Match(exception.Message) is { Success: true } stray)
            return $"{where}unexpected argument '{stray.Groups[1].Value}' ({help} shows what it takes)";

        // "Failed to convert '__default_command' to Nullable`1": Spectre's words for an option given without its value.
        if (exception.Message.Contains("__default_command", StringComparison.Ordinal)
            && args.LastOrDefault(a => a.StartsWith('-')) is { } last)
            return $"{where}option {last} needs a value ({help})";

        if (exception.Message.StartsWith("Flags cannot be assigned a value", StringComparison.Ordinal)
            && args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')) is { } flag)
            return $"{where}option {flag[..flag.IndexOf('=')]} takes no value ({help})";

        return where + exception.Message;
    }

    [GeneratedRegex(@"^Unknown option '([^']+)'")]
    private static partial Regex UnknownOption();

    [GeneratedRegex(@"^Unknown command '([^']+)'")]
    private static partial Regex UnknownCommand();

    [GeneratedRegex(@"^Could not match '([^']+)' with an argument")]
    private static partial Regex StrayArgument();
}

/// <summary>
/// The commands of this assembly and their long options, found by convention (<c>StatusCommand</c> is
/// <c>status</c>, its options are its settings' <see cref="CommandOptionAttribute"/>s), so a new command gets
/// did-you-mean suggestions without being listed anywhere.
/// </summary>
internal static class CommandCatalog
{
    private static readonly Dictionary<string, Type> Settings = typeof(CommandCatalog).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(ICommand).IsAssignableFrom(t) && t.Name.EndsWith("Command", StringComparison.Ordinal))
        .ToDictionary(t => KebabCase(t.Name[..^"Command".Length]), SettingsType, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Names => Settings.Keys;

    /// <summary>Every <c>--long</c> option of <paramref name="command"/>, plus <c>--help</c>.</summary>
    public static IReadOnlyCollection<string> OptionsOf(string command) =>
        Settings.TryGetValue(command, out var settings)
            ? settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
                .OfType<CommandOptionAttribute>()
                .SelectMany(o => o.LongNames.Select(n => "--" + n))
                .Append("--help")
                .ToList()
            : ["--help"];

    private static Type SettingsType(Type command)
    {
        for (var type = command.BaseType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings))
                return settings;
        }
        return typeof(EmptyCommandSettings);
    }

    private static string KebabCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
