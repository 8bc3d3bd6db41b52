using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using FluxBatch.Planning;

namespace FluxBatch.Cli.Rendering;

/// <summary>
/// One job as a flat JSON object: every request field under its API name (serialized by the same
/// source-generated contract the client sends), then <c>id</c>, <c>index</c>, <c>model</c>,
/// <c>estimated_usd</c>, <c>output_file</c>, <c>references</c> and <c>parameters</c>. The buffers are reused,
/// so streaming a million jobs keeps memory flat.
/// </summary>
internal sealed class JobJson
{
    private readonly ArrayBufferWriter<byte> _request = new(1024);
    private readonly ArrayBufferWriter<byte> _meta = new(1024);
    private readonly Utf8JsonWriter _requestWriter;
    private readonly Utf8JsonWriter _metaWriter;
    private readonly string _manifestDirectory;

    public JobJson(string manifestDirectory)
    {
        _manifestDirectory = manifestDirectory;
        // Prompts are read by people too: keep quotes and non-ASCII readable (still valid JSON).
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        _requestWriter = new Utf8JsonWriter(_request, options);
        _metaWriter = new Utf8JsonWriter(_meta, options);
    }

    /// <summary>Writes the job's UTF-8 JSON (no trailing newline) to <paramref name="output"/>.</summary>
    public void Write(Stream output, PlannedJob job)
    {
        _request.ResetWrittenCount();
        _requestWriter.Reset();
        job.WriteRequestJson(_requestWriter);
        _requestWriter.Flush();

        _meta.ResetWrittenCount();
        _metaWriter.Reset();
        _metaWriter.WriteStartObject();
        _metaWriter.WriteString("id", job.Id);
        _metaWriter.WriteNumber("index", job.Index);
        _metaWriter.WriteString("model", job.Model);
        _metaWriter.WriteNumber("seed_ordinal", job.SeedOrdinal);
        _metaWriter.WriteNumber("estimated_usd", job.EstimatedUsd);
        _metaWriter.WriteString("output_file", job.OutputFile);
        _metaWriter.WriteStartArray("references");
        foreach (var file in job.ReferenceFiles)
        {
            _metaWriter.WriteStringValue(PlanText.RelativePath(_manifestDirectory, file));
        }

        _metaWriter.WriteEndArray();
        _metaWriter.WriteStartObject("parameters");
        foreach (var parameter in job.Parameters)
        {
            WriteValue(_metaWriter, parameter.Key, parameter.Value);
        }

        _metaWriter.WriteEndObject();
        _metaWriter.WriteEndObject();
        _metaWriter.Flush();

        // Splice {request…} and {meta…} into one object: drop the request's '}' and the meta's '{'.
        var request = _request.WrittenSpan;
        output.Write(request[..^1]);
        output.WriteByte((byte)',');
        output.Write(_meta.WrittenSpan[1..]);
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, object? value)
    {
        writer.WritePropertyName(name);
        WriteValue(writer, value);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case decimal d:
                writer.WriteNumberValue(d);
                break;
            case IDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var entry in map)
                {
                    WriteValue(writer, entry.Key, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(JobText.Value(value));
                break;
        }
    }
}
