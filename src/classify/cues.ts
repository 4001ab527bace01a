/**
 * Domain-knowledge cue words per tag: what a task of that kind says whatever its source. The training
 * data has few sources per tag, each with its own template, so words learned from it do not carry over
 * to other traffic; these do (measured on the source split, docs/classifier-eval.md).
 * STRONG cues name the task ("translate", "summarize", "SQL"); WEAK ones only lean ("what", "write").
 * Entries are one word or two (matched as a word bigram); Chinese entries are one or two characters.
 */

export const STRONG: Record<string, string[]> = {
  'code:general_impl': ['implement', 'a function', 'function that', 'a program', 'program that', 'write code', 'algorithm', 'python', 'javascript', 'typescript', 'golang', 'script that', 'class that', 'method that', 'def', '编写', '代码', '实现', '程序'],
  'code:debugging': ['bug', 'bugs', 'debug', 'debugging', 'fix', 'exception', 'traceback', 'stack trace', 'crash', 'crashes', 'failing', 'faulty', 'broken', 'segfault', 'syntax error', 'typeerror', 'valueerror', 'nullpointerexception', 'panic', 'panics', 'of range', 'is wrong', 'wrong with', 'not working', '报错', '修复', '调试', '异常'],
  'code:file_read_write': ['read file', 'write file', 'edit file', 'create file', 'open file', 'str replace', 'file editor', 'save it', '文件'],
  'code:frontend_ui': ['html', 'css', 'react', 'vue', 'svelte', 'angular', 'component', 'button', 'layout', 'styling', 'tailwind', 'webpage', 'web page', 'navbar', 'div', 'flexbox', 'responsive', 'jsx', 'tsx', 'dom', 'ui', 'ux', 'frontend', 'front end', '前端', '页面', '样式', '网页'],
  'code:review_security': ['code review', 'suggest improvements', 'review this', 'review my', 'diff', 'this diff', 'refactor', 'best practices', 'readability', 'pull request', 'code quality', '审查', '重构'],
  'code:shell_execution': ['bash', 'shell', 'terminal', 'execute bash', 'chmod', 'pip', 'npm', 'sudo', 'command line', '命令', '终端'],
  'code:repo_scan': ['grep', 'directory', 'directories', 'repository', 'codebase', 'list files', 'folder', 'find file', '目录', '仓库'],
  'code:sql_database': ['sql', 'query', 'queries', 'select', 'join', 'database', 'schema', 'postgres', 'postgresql', 'mysql', 'sqlite', 'create table', 'primary key', 'foreign key', '数据', '查询', 'database schema', 'sql query', 'sqlite sql'],
  'code:devops_config': ['dockerfile', 'yaml', 'yml', 'manifest', 'helm', 'terraform', 'cloudformation', 'ansible', 'playbook', 'github actions', 'pipeline', 'docker compose', 'config file', 'template that', 'configmap', 'iam', '配置'],
  'data:extraction': ['extract', 'extraction', 'entities', 'entity', 'named entity', 'key facts', 'pull out', '提取', '抽取'],
  'data:transformation': ['convert', 'conversion', 'markdown', 'anonymize', 'anonymized', 'anonymise', 'redact', 'replace all', 'reformat', 'to json', 'into json', 'to uppercase', 'to lowercase', 'reorder', 'normalize', 'csv', 'xml', 'transform', 'camel case', 'camelcase', '转换'],
  'agent:workflow_execution': ['booking', 'reservation', 'place order', '预订'],
  'agent:multi_step_planning': ['plan', 'planner', 'planning', 'step plan', 'my plan', 'the plan', 'initial state', 'decompose', 'subtasks', 'goal is', '计划', '规划', '步骤', 'initial conditions', 'my goal', 'plan is', 'the actions', 'following actions', 'goal state'],
  'agent:tool_dispatch': ['function call', 'call the', 'api call'],
  'agent:memory_extraction': ['memory', 'remember', 'preferences', 'long term', 'archival', '记住', '记忆'],
  'agent:web_search': ['search', 'browse', 'browser', 'website', 'google', 'search results', 'internet', 'look up', 'observation', '搜索'],
  classification_tagging: ['same thing', 'mean the', 'feel about', 'asking about', 'hate speech', 'spam', 'sarcastic', 'toxic', 'offensive', 'stereotype', 'promotion', 'pos tag', 'of speech', 'decide whether', 'determine whether', 'decide if', 'classify', 'classification', 'categorize', 'category', 'categories', 'label', 'sentiment', 'positive', 'negative', 'which category', 'topic', 'rating', 'paraphrase of', 'same meaning', 'is this', 'does this', '分类', '情感', '类别', 'or negative', 'positive or', 'duplicates', 'duplicate', 'equivalent', 'this review', 'the review', 'review positive', 'topic of', 'which topic', 'categorized'],
  content_writing: ['come up', 'make up', 'joke', 'jokes', 'brainstorm', 'lyrics', 'creative', 'funny', 'proverb', 'compliment', 'slogans', 'catchy', 'copywriter', 'essays', 'poems', 'emails', 'tweets', 'essay', 'blog', 'article', 'email', 'letter', 'slogan', 'tweet', 'marketing', 'rewrite', 'paraphrase', 'poem', 'copywriting', 'compose', 'draft', '文章', '文案', '邮件', '改写', '诗'],
  qa_knowledge: ['answer the', 'following question', 'who was', 'why do', '为什', '介绍'],
  conversational_reply: ['chat', 'how are', 'hi', 'hello', 'hey', 'lol', 'haha', 'favorite', 'i like', 'i love', 'me too', 'do you', 'you like', '聊天', '哈哈', '喜欢', '是啊', '我也', '知道', '嗯', '哈', '你呢', '聊聊'],
  roleplay_fiction: ['story', 'character', 'characters', 'roleplay', 'role play', 'pretend', 'fiction', 'novel', 'plot', 'adventure', 'fantasy', 'storyteller', 'once upon', '故事', '角色', '小说', '扮演'],
  customer_support: ['account', 'refund', 'customer', 'customers', 'customer service', 'complaint', 'complaints', 'support', 'reservation', 'subscription', 'cancel', 'delivery', 'shipping', 'my order', 'hotel', 'ticket', 'flight', '客服', '订单', '退款', '酒店', '推荐', '帮我', '地址', '电话', '价格', '景点', '餐馆', '您', 'order status', 'my account', 'my booking', 'my reservation'],
  summarization: ['the article', 'this article', 'summarize', 'summarise', 'summary', 'summarization', 'tl', 'tldr', 'condense', 'nutshell', 'key points', 'main points', 'in brief', 'headline', 'title for', 'gist', 'shorten', '总结', '摘要', '概括', '归纳', 'sum up', 'briefly', 'a summary', 'short summary', 'one sentence', 'highlights', 'summarized', 'summarizing'],
  image_prompting: ['image', 'picture', 'photo', 'midjourney', 'stable diffusion', 'dall', 'render', 'illustration', 'painting', 'digital art', 'hyperrealistic', 'photorealistic', 'art style', 'prompt generator', 'prompts', '图片', '绘画', '图像', '画'],
  research_report: ['research', 'researcher', 'researching', 'researched', 'report', 'literature', 'survey', 'literature review', 'state of', 'comprehensive', 'citations', 'references', 'in depth', 'findings', 'current state', 'recent advances', '研究', '报告', '综述', '文献', 'papers', 'academic', 'published', 'research the', 'the field', 'the art', 'overview of'],
  finance_trading: ['stock', 'stocks', 'trading', 'trader', 'invest', 'investment', 'portfolio', 'revenue', 'revenues', 'profit', 'earnings', 'financial', 'finance', 'crypto', 'bitcoin', 'dividend', 'fiscal', 'income', 'net income', 'expenses', 'assets', 'liabilities', 'million', 'in thousands', 'cash', 'tax', '股票', '投资', '财务', '收入', '金融'],
  translation: ['translate', 'translation', 'translated', 'translator', 'into english', 'to english', 'in english', 'french', 'spanish', 'german', 'chinese', 'japanese', 'russian', 'czech', 'icelandic', 'italian', 'english', '翻译', '英文', '中文', '英语', '译成'],
  math: ['solve', 'calculate', 'equation', 'math', 'integral', 'derivative', 'probability', 'how many', 'how much', 'proof', 'prove', 'percent', 'remainder', 'compute', '计算', '方程', '数学', '求', '已知', '函数', '面积'],
  security_audit: ['brute force', 'brute', 'security', 'vulnerability', 'vulnerabilities', 'exploit', 'attack', 'attacker', 'attackers', 'threat', 'malware', 'pentest', 'penetration', 'cve', 'xss', 'injection', 'phishing', 'ransomware', 'mitre', 'firewall', 'cybersecurity', 'adversary', 'apt', '安全', '漏洞', '攻击'],
  devops: ['deploy', 'deployment', 'kubernetes', 'docker', 'container', 'containers', 'pod', 'pods', 'cluster', 'monitoring', 'incident', 'outage', 'aws', 'cloud', 'ci', 'linux', 'server', 'servers', 'latency', 'scaling', 'kubectl', 'namespace', 'devops', 'jenkins', 'git', 'load balancer', 'node', 'nodes', 'replicaset', 'azure', 'gcp', 'dns', 'ec2', 's3', 'vpc', 'openshift', 'argo', 'k8s', '部署', '运维', '监控', '服务', 'ansible', 'terraform', 'prometheus', 'grafana', 'systemd', 'inode', 'cron', 'ssh', 'load balancing', 'autoscaling', 'high availability', 'availability zone', 'vm', 'vms', 'virtual machine', 'hypervisor', 'kubelet', 'etcd', 'ingress', 'daemonset', 'statefulset', 'rollback', 'rollout', 'canary', 'blue green', 'cicd', 'continuous integration', 'continuous delivery', 'continuous deployment', 'cloudwatch', 'observability', 'alerting', 'provisioning', 'infrastructure', 'gitops', 'puppet', 'gitlab', 'filesystem', 'file system', 'daemon', 'subnet', 'subnets', 'ebs', 'elb', 'openstack', 'helm'],
};

/** Generic words: they lean toward a tag but say little on their own. */
export const WEAK: Record<string, string[]> = {
  'code:general_impl': ['function', 'java', 'rust', 'returns', 'code', 'class', 'method', 'script', '函数'],
  'code:debugging': ['error', 'errors', 'fails', 'fixed', 'undefined', 'issue', '错误'],
  'code:file_read_write': ['file', 'files', 'cat', 'the file', 'open', 'edit'],
  'code:shell_execution': ['command', 'commands', 'execute', 'run the', 'run it', 'install'],
  'code:repo_scan': ['ls', 'find', 'repo', 'search dir'],
  'code:sql_database': ['table', 'tables', 'where', 'rows', 'columns'],
  'code:devops_config': ['configuration', 'config', 'resources', 'kubernetes', 'nginx', 'template'],
  'data:extraction': ['fields', 'parse', 'list all', 'json'],
  'data:transformation': ['format', 'json', 'into a', 'table', '格式'],
  'agent:workflow_execution': ['order', 'book', 'confirm', 'add', 'update', 'proceed', '订单'],
  'agent:multi_step_planning': ['steps', 'step by', 'goal', 'actions', 'action'],
  'agent:tool_dispatch': ['function', 'functions', 'call', 'api', 'tool', 'tools', 'parameters', 'invoke', '调用'],
  'agent:memory_extraction': ['facts', 'recall', 'user'],
  'agent:web_search': ['web', 'latest', 'news', 'online', 'thought', 'action', '查找'],
  classification_tagging: ['classify', 'labels', 'tag', 'rate', 'options', 'choose'],
  content_writing: ['write', 'write a', 'generate a', 'post', 'sentence', 'generate', 'create', '写'],
  qa_knowledge: ['what', 'why', 'how', 'who', 'when', 'where', 'which', 'question', 'answer', 'explain', 'what is', 'what are', 'difference between', 'why is', 'how does', 'who is', '哪些', '吗', '什么', '如何', '解释'],
  conversational_reply: ['love', 'cool', 'nice', 'really', 'yeah', 'fun', 'too', '真的', '觉得', '呢', '啊'],
  customer_support: ['help', 'please', 'need', 'want to', 'i need', '请问', '可以'],
  image_prompting: ['red', 'blue', 'green', 'yellow', 'black', 'white', 'wooden', 'metallic', 'plastic', 'leather', 'glass', 'fabric', 'left of', 'right of', 'on top', 'next to', 'scene', 'style', 'detailed'],
  finance_trading: ['market', 'price', 'year', 'ended', 'change', 'growth', 'percentage'],
  math: ['each', 'per', 'total', 'sum', 'twice', 'half', 'times', 'numbers'],
  research_report: ['analysis', 'sources', 'review'],
  devops: ['service', 'services', 'instance', 'instances', 'network', 'storage', 'image', 'process', 'logs', 'ansible', 'terraform', 'cd'],
};

/** Cue words in tool names: what a tool does says what an agent that offers or calls it is doing. */
export const TOOL_CUES: Record<string, string[]> = {
  'agent:web_search': ['search', 'web', 'browse', 'browser', 'google', 'bing', 'url', 'fetch', 'navigate', 'click'],
  'agent:memory_extraction': ['memory', 'archival', 'remember', 'recall', 'core'],
  'code:shell_execution': ['bash', 'shell', 'execute', 'terminal', 'run', 'command', 'exec', 'ipython'],
  'code:file_read_write': ['file', 'edit', 'write', 'read', 'str', 'replace', 'editor', 'view'],
  'code:repo_scan': ['grep', 'ls', 'glob', 'find', 'list', 'dir', 'tree'],
  'agent:workflow_execution': ['book', 'cancel', 'order', 'reservation', 'update', 'finish', 'submit', 'send', 'checkout', 'purchase', 'pay', 'payment', 'reserve', 'modify', 'refund', 'transfer', 'schedule', 'cart'],
  'code:sql_database': ['sql', 'query', 'database', 'db', 'table'],
};
