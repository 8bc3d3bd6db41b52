using System.Collections.Generic;
using Scriban.Syntax;

namespace FluxBatch.Manifest.Templates;

/// <summary>
/// Walks a parsed template and finds the global names it reads (its inputs), skipping names the template
/// defines itself (assignments, loop variables, captures, functions and their parameters), builtin objects and
/// member names (<c>x</c> in <c>a.x</c>). Also finds uses of forbidden builtins.
/// </summary>
internal sealed class NameCollector
{
    private readonly Dictionary<string, ScriptNode> _reads = new();
    private readonly HashSet<string> _defined = new();
    private readonly List<TemplateError> _forbidden = new();

    public static (IReadOnlyDictionary<string, ScriptNode> Reads, IReadOnlyList<TemplateError> Forbidden) Collect(ScriptNode? root)
    {
        var collector = new NameCollector();
        collector.Visit(root);
        var reads = new Dictionary<string, ScriptNode>();
        foreach (var pair in collector._reads)
        {
            if (!collector._defined.Contains(pair.Key) && !SafeBuiltins.ObjectNames.Contains(pair.Key))
            {
                reads[pair.Key] = pair.Value;
            }
        }

        return (reads, collector._forbidden);
    }

    private void Visit(ScriptNode? node)
    {
        switch (node)
        {
            case null:
                return;
            case ScriptMemberExpression member:
                CheckForbidden(member);
                if (member.Target is not ScriptVariable { Scope: ScriptVariableScope.Global } target || !SafeBuiltins.GuardedObjects.Contains(target.Name))
                {
                    Visit(member.Target);
                }

                return;
            case ScriptForStatement loop:
                Define(loop.Variable);
                Visit(loop.Iterator);
                Visit(loop.Body);
                Visit(loop.Else);
                return;
            case ScriptAssignExpression assign:
                if (assign.Target is ScriptVariable)
                {
                    Define(assign.Target);
                }
                else
                {
                    Visit(assign.Target);
                }

                Visit(assign.Value);
                return;
            case ScriptCaptureStatement capture:
                Define(capture.Target);
                Visit(capture.Body);
                return;
            case ScriptFunction function:
                Define(function.NameOrDoToken);
                if (function.Parameters is not null)
                {
                    foreach (var parameter in function.Parameters)
                    {
                        Define(parameter.Name);
                    }
                }

                Visit(function.Body);
                return;
            case ScriptVariable { Scope: ScriptVariableScope.Global } variable:
                if (SafeBuiltins.Forbidden.TryGetValue(variable.Name, out var reason))
                {
                    _forbidden.Add(new TemplateError(TemplateErrorKind.Forbidden, reason, variable.Span.Start.Line, variable.Span.Start.Column, variable.Name));
                }
                else if (SafeBuiltins.GuardedObjects.Contains(variable.Name))
                {
                    // `x = date; x.now` or `date["now"]` would reach the clock past the member check above.
                    _forbidden.Add(new TemplateError(TemplateErrorKind.Forbidden,
                        $"use it only as `{variable.Name}.function`: passed around or indexed it could reach the clock or randomness",
                        variable.Span.Start.Line, variable.Span.Start.Column, variable.Name));
                }
                else if (!_reads.ContainsKey(variable.Name))
                {
                    _reads[variable.Name] = variable;
                }

                return;
        }

        foreach (var child in node.Children)
        {
            Visit(child);
        }
    }

    private void CheckForbidden(ScriptMemberExpression member)
    {
        if (member.Target is ScriptVariable target && member.Member is ScriptVariable name)
        {
            var full = target.Name + "." + name.Name;
            if (SafeBuiltins.Forbidden.TryGetValue(full, out var reason))
            {
                _forbidden.Add(new TemplateError(TemplateErrorKind.Forbidden, reason, member.Span.Start.Line, member.Span.Start.Column, full));
            }
        }
    }

    private void Define(ScriptNode? node)
    {
        if (node is ScriptVariable variable)
        {
            _defined.Add(variable.Name);
        }
        else if (node is not null)
        {
            foreach (var child in node.Children)
            {
                Define(child);
            }
        }
    }
}
