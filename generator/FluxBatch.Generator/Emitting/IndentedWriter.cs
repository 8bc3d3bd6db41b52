using System;
using System.Text;

namespace FluxBatch.Generator.Emitting;

/// <summary>Writes C# with four-space indentation and LF line endings, whatever the host OS.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _builder = new();
    private int _depth;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _depth * 4).Append(text);
        }
        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new Scope(this);
    }

    public override string ToString() => _builder.ToString();

    private sealed class Scope : IDisposable
    {
        private readonly IndentedWriter _writer;
        private bool _disposed;

        public Scope(IndentedWriter writer) => _writer = writer;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _writer._depth--;
            _writer.Line("}");
        }
    }
}
