#!/usr/bin/ruby
# redis-ha-lab client driver for redis-rb, through its own Sentinel support (Redis.new(sentinels: ...)).
# Protocol: docs/CLIENTS.md. Settings come from RHL_* variables; one JSON line per attempt goes to stdout.
require 'json'
$stdout.sync = true

begin
  require 'redis'
rescue LoadError => e
  warn "redis-rb is not installed (#{e.message}): apt-get install -y ruby-redis"
  exit 3
end

PROFILES = {
  # The library as it comes: 5 s connect, read and write timeouts, one reconnect attempt.
  'default' => {},
  # Shorter timeouts, so a frozen master is given up in a second, and more reconnect attempts with a pause, so
  # a command waits out the few seconds with no master instead of failing at once.
  'recommended' => { connect_timeout: 1.0, read_timeout: 1.0, write_timeout: 1.0, reconnect_attempts: 3,
                     reconnect_delay: 0.5 }
}.freeze

def emit(line)
  $stdout.write("#{JSON.generate(line)}\n")
end

profile = ENV.fetch('RHL_PROFILE', 'default')
unless PROFILES.key?(profile)
  warn "unknown RHL_PROFILE '#{profile}': use #{PROFILES.keys.join(' or ')}"
  exit 2
end
settings = PROFILES[profile]
emit(type: 'hello', library: 'redis-rb', version: Redis::VERSION, language: "ruby #{RUBY_VERSION}", profile: profile,
     settings: settings)
exit 0 if ENV['RHL_HELLO_ONLY']

sentinels = ENV.fetch('RHL_SENTINELS').split(',').map do |address|
  host, port = address.split(/:(?=\d+\z)/)
  { host: host, port: Integer(port) }
end
password = ENV['RHL_PASSWORD'].to_s.empty? ? nil : ENV['RHL_PASSWORD']
prefix = ENV.fetch('RHL_KEY_PREFIX', 'rhl:redis-rb:')
ops = ENV.fetch('RHL_OPS', 'write').split(',')
period = 1.0 / Float(ENV.fetch('RHL_RATE', '20'))
duration_ms = Integer(ENV.fetch('RHL_DURATION_MS', '0'))

stopping = false
# The lab closes our stdin to say "finish the attempt under way and exit".
Thread.new { $stdin.read; stopping = true } if duration_ms.zero?

# A url naming the master group, not name:, is what makes redis-rb 4.8 ask the sentinels (MACHINE-NOTES).
options = { url: "redis://#{ENV.fetch('RHL_MASTER_NAME', 'mymaster')}", sentinels: sentinels, role: :master }
options[:password] = password if password # the redis nodes'; the lab's sentinels take none
redis = Redis.new(**options, **settings)

started = Time.now
last_written = nil
n = 0
until stopping || (duration_ms.positive? && (Time.now - started) * 1000 >= duration_ms)
  op = ops[n % ops.length]
  at = Time.now
  line = { type: 'attempt', t: (at.to_f * 1000).to_i, op: op }
  begin
    case op
    when 'write'
      line.merge!(key: "#{prefix}#{n}", value: n.to_s)
      redis.set("#{prefix}#{n}", n.to_s)
      last_written = n
    when 'read'
      line[:key] = "#{prefix}#{last_written.nil? ? 'none' : last_written}"
      line[:value] = redis.get(line[:key])
    when 'blpop'
      line[:key] = "#{prefix}queue"
      redis.blpop("#{prefix}queue", timeout: 0.5)
    end
    line[:ok] = true
  rescue StandardError => e # every failure is data: the lab judges it
    line.merge!(ok: false, error: "#{e.class}: #{e.message}")
  end
  line[:ms] = ((Time.now - at) * 1000).round(1)
  # The address the client is connected to now (before its first command it still names the master group).
  client = redis._client
  line[:server] = "#{client.host}:#{client.port}" if client.connected?
  emit(line)
  n += 1
  pause = at + period - Time.now
  sleep(pause) if pause.positive?
end
